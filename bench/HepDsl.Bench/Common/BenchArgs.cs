using System.Globalization;

namespace HepDsl.Bench.Common;

/// <summary>"--name value" options of a mode, with typed defaults; an unknown option is an error, not ignored.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public BenchArgs(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected '--option value', got '{args[i]}'");
            _values[args[i][2..]] = args[++i];
        }
    }

    public string Text(string name, string fallback)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name, fallback);
    }

    public long Long(string name, long fallback) =>
        _values.ContainsKey(name) ? long.Parse(Text(name, ""), CultureInfo.InvariantCulture) : Used(name, fallback);

    public int Int(string name, int fallback) => (int)Long(name, fallback);

    public string[] List(string name, string fallback) =>
        Text(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Fails on options no mode asked for (typos would otherwise silently change what is measured).</summary>
    public void CheckAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}");
    }

    private T Used<T>(string name, T value)
    {
        _used.Add(name);
        return value;
    }
}

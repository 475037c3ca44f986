using System.Text.Json;

namespace HepDsl.Runtime.Output.Json;

/// <summary>Numbers for summary JSON: non-finite or undefined values become null (JSON has no NaN).</summary>
internal static class JsonNumbers
{
    public static void Write(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}

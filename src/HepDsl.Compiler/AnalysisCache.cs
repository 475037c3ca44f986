namespace HepDsl.Compiler;

/// <summary>Compiled analyses on disk by content hash: <c>$HEPDSL_CACHE</c>, else <c>~/.cache/hepdsl/analyses</c>.</summary>
public sealed class AnalysisCache(string directory)
{
    public string Directory { get; } = directory;

    public static AnalysisCache Default()
    {
        var env = Environment.GetEnvironmentVariable("HEPDSL_CACHE");
        var dir = !string.IsNullOrWhiteSpace(env)
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hepdsl", "analyses");
        return new AnalysisCache(dir);
    }

    public string PathOf(string hash) => Path.Combine(Directory, hash + ".dll");

    public byte[]? TryRead(string hash)
    {
        try
        {
            return File.Exists(PathOf(hash)) ? File.ReadAllBytes(PathOf(hash)) : null;
        }
        catch (IOException)
        {
            return null; // unreadable cache entry: compile again
        }
    }

    /// <summary>Writes atomically (temp file then rename) so concurrent runs never read half a file. Failure to cache is not fatal.</summary>
    public void Write(string hash, byte[] assembly)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temp = PathOf(hash) + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, assembly);
            File.Move(temp, PathOf(hash), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"hep: warning: cannot cache the compiled analysis in {Directory}: {e.Message}");
        }
    }
}

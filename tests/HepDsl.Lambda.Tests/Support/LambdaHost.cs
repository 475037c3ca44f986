namespace HepDsl.Lambda.Tests.Support;

/// <summary>The host the emulator starts: bootstrap.dll copied beside the tests by the project reference.</summary>
public static class LambdaHost
{
    public static string Bootstrap
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "bootstrap.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Lambda host missing: {path}");
        }
    }
}

// The generic Lambda host entry point: a custom runtime speaking the Runtime API (see Host/HostLoop.cs).
using HepDsl.Lambda.Host;

StartupClock.MainEntered();

var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
if (string.IsNullOrWhiteSpace(api))
{
    Console.Error.WriteLine("HepDsl Lambda host: not started outside Lambda (AWS_LAMBDA_RUNTIME_API is not set)");
    return 1;
}
return await HostLoop.RunAsync(api, CancellationToken.None);

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// AWS Lambda on-demand prices (us-east-1, first pricing tier) as published on aws.amazon.com/lambda/pricing,
/// checked on <see cref="PriceDate"/>. Only an estimate: tiers, free tier, other regions and S3 requests are ignored.
/// </summary>
public static class LambdaPricing
{
    public const string PriceDate = "2025-01-01";
    public const string X86 = "x86_64";
    public const string Arm64 = "arm64";
    public const double X86PerGbSecond = 0.0000166667;
    public const double Arm64PerGbSecond = 0.0000133334;
    public const double PerRequest = 0.20 / 1_000_000;

    public static double PerGbSecond(string architecture) => architecture == Arm64 ? Arm64PerGbSecond : X86PerGbSecond;

    /// <summary>Lambda bills duration rounded up to the millisecond, times configured memory.</summary>
    public static double GbSeconds(long billedMs, int memoryMb) => billedMs / 1000.0 * memoryMb / 1024.0;

    public static double Cost(double gbSeconds, long requests, string architecture) => gbSeconds * PerGbSecond(architecture) + requests * PerRequest;
}

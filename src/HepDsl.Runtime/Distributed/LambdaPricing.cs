namespace HepDsl.Runtime.Distributed;

/// <summary>
/// AWS Lambda on-demand prices (us-east-1, first pricing tier: the first 6 billion GB-s a month on x86_64, 7.5 billion
/// on arm64), checked on <see cref="PriceDate"/>: aws.amazon.com/lambda/pricing states $0.20 per million requests, the
/// free tier and the tiers, but renders its GB-s table client-side, so the GB-s rates were read from transcriptions of
/// it (cloudchipr.com's pricing guide; api-evangelist/aws-lambda's harvest of 2026-09-20 for the request price); no
/// change since the 2021 arm64 launch. Only an estimate: tiers beyond the first, free tier, other regions, INIT
/// billing of cold starts beyond what hosts report, and S3 requests are ignored.
/// </summary>
public static class LambdaPricing
{
    public const string PriceDate = "2026-12-04";
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

using HepDsl.Runtime.Analysis;
using HepDsl.Runtime.Execution;
using HepDsl.Runtime.Inputs;
using HepDsl.Runtime.Results;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// A partial result that passed every check. Bytes: its serialized form when the caller has it (else the merger
/// serializes it only if it must hold it).
/// </summary>
internal sealed record VerifiedResult(ResultSet Result, byte[]? Bytes);

/// <summary>
/// The partial results of one run: each partition's key, and the checks a stored or returned result must pass before
/// it is merged (anything else is recomputed).
/// </summary>
internal sealed class PartialResultVerifier(IAnalysis analysis, IReadOnlyDictionary<string, InputVersion> versions, ResultStore store,
    string sha, RunAccounting accounting)
{
    public string Key(Partition p) => DistributedKeys.Result(store.Prefix, sha, p, versions[p.Location]);

    // The stored (or inline) bytes must hash as the host said, deserialize (checksummed) and cover exactly the partition.
    public async Task<VerifiedResult?> FetchVerifiedAsync(Partition p, InvocationResponse response, CancellationToken cancellationToken)
    {
        if (response.PartitionIndex != p.Index || response.ResultKey != Key(p)) return null;
        byte[] bytes;
        try
        {
            bytes = response.InlineResult is { } inline ? Convert.FromBase64String(inline)
                : await store.DownloadResultAsync(p, response.ResultKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or Amazon.Runtime.AmazonClientException)
        {
            // A malformed answer (bad base64; a storage reply the SDK cannot parse, seen from a loaded local S3):
            // this attempt failed and is retried, instead of the exception ending the whole run.
            throw new IOException($"cannot read the result of {p} ({response.ResultKey}): {e.Message}", e);
        }
        if (DistributedKeys.Sha256Hex(bytes) != response.ResultSha256) return null;
        return Verify(p, bytes);
    }

    /// <summary>A result an earlier run stored under this partition's key, if it is intact and this partition's.</summary>
    public async Task<VerifiedResult?> TryReuseAsync(Partition p, string key, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try { bytes = await store.DownloadResultAsync(p, key, cancellationToken).ConfigureAwait(false); }
        catch (Amazon.Runtime.AmazonServiceException) { return null; } // gone since the listing: recompute
        var result = Verify(p, bytes);
        if (result is null) accounting.Corrupt(); // counted in the report as a corrupt result, and recomputed
        return result;
    }

    // Intact, bound to exactly this analysis' bytes, this input version, this range and this format, and covering
    // exactly the partition: anything else is recomputed.
    private VerifiedResult? Verify(Partition p, byte[] bytes)
    {
        ResultSet result;
        try { result = PartialResultFile.Read(bytes, PartialResultBinding.For(sha, p, versions[p.Location])); }
        catch (Exception e) when (e is InvalidDataException or HepDataException or ArgumentException) { return null; }
        bool exact = result.Analysis == analysis.Info.Name && result.Processed.Count == 1
            && result.Processed[0].Location == p.Location && result.Processed[0].Range == p.Range;
        return exact ? new VerifiedResult(result, null) : null; // the stored form is an envelope: the merger serializes the result itself if it must hold it
    }
}

namespace HepDsl.Runtime.Root.Streamed;

/// <summary>
/// The uncompressed TList of TStreamerInfo a HepDsl writer embeds in its files (ROOT, uproot and JSROOT read no object
/// without the infos of its class), as ROOT wrote them (<see cref="StreamerInfoRecords"/>); read back by
/// <see cref="StreamerInfoParser"/>. Class tags inside are offsets counted from the key's start, so the record is valid
/// only behind a key header of exactly <see cref="KeyLength"/> bytes.
/// </summary>
internal sealed record StreamerInfoRecord(int KeyLength, string[] Classes, byte[] Bytes)
{
    /// <summary>Refuses a key header of another length than the one the class tags assume.</summary>
    public void CheckKeyLength(int keyLength)
    {
        if (keyLength != KeyLength)
            throw new InvalidOperationException($"the streamer-info record's class tags assume a {KeyLength}-byte key header");
    }
}

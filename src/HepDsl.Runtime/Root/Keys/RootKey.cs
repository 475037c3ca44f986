using HepDsl.Runtime.Root.Serialization;
namespace HepDsl.Runtime.Root.Keys;

/// <summary>
/// One key of a directory listing: the header ROOT writes before every stored object.
/// </summary>
/// <param name="Path">Directory path inside the file ("" for the top directory, "dir/sub" otherwise).</param>
public sealed record RootKey(
    string Name,
    string ClassName,
    string Title,
    short Cycle,
    int Nbytes,
    int ObjectLength,
    short KeyLength,
    long SeekKey,
    long SeekParentDirectory,
    uint Datime,
    string Path)
{
    /// <summary>Path and name: "dir/sub/name" or "name".</summary>
    public string FullName => Path.Length == 0 ? Name : $"{Path}/{Name}";

    public bool IsDirectory => ClassName is "TDirectory" or "TDirectoryFile";
    public bool IsTree => ClassName is "TTree" or "TNtuple" or "TNtupleD";
    public bool IsRNTuple => ClassName is "ROOT::RNTuple" or "ROOT::Experimental::RNTuple";
    /// <summary>Stored compressed when the object is larger than its bytes on disk.</summary>
    public bool IsCompressed => ObjectLength != Nbytes - KeyLength;

    /// <summary>Reads a key header at the cursor (the layout shared by directory listings, objects and baskets).</summary>
    public static RootKey Read(RootBuffer b, string path)
    {
        int nbytes = b.ReadInt32();
        short version = b.ReadInt16();
        int objlen = b.ReadInt32();
        uint datime = b.ReadUInt32();
        short keylen = b.ReadInt16();
        short cycle = b.ReadInt16();
        long seekKey, seekPdir;
        if (version > 1000)
        {
            seekKey = b.ReadInt64();
            seekPdir = b.ReadInt64();
        }
        else
        {
            seekKey = b.ReadInt32();
            seekPdir = b.ReadInt32();
        }
        string className = b.ReadTString();
        string name = b.ReadTString();
        string title = b.ReadTString();
        if (nbytes < 0 || objlen < 0 || keylen < 0)
            throw b.Error($"key '{name}' has negative sizes (nbytes {nbytes}, objlen {objlen}, keylen {keylen})");
        return new RootKey(name, className, title, cycle, nbytes, objlen, keylen, seekKey, seekPdir, datime, path);
    }
}

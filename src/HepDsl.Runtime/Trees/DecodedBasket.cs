using System.Buffers;

namespace HepDsl.Runtime.Trees;

/// <summary>
/// One basket, decompressed: its entry data and, for variable-size entries, where each entry starts. The buffers
/// are rented from the shared pool and reused for the next basket the owning reader loads.
/// </summary>
internal sealed class DecodedBasket : IDisposable
{
    private byte[] _data = [];
    private int[] _starts = [];

    public int BranchId = -1;
    public int Index = -1;
    public long FirstEntry;
    public int Entries;
    /// <summary>Bytes of entry data (without the entry-offset trailer).</summary>
    public int DataLength;
    /// <summary>Whether <see cref="Starts"/> holds per-entry byte ranges.</summary>
    public bool HasStarts;

    public ReadOnlySpan<byte> Data => _data.AsSpan(0, DataLength);
    /// <summary>Entry i spans Data[Starts[i]..Starts[i+1]) (Entries + 1 values) when <see cref="HasStarts"/>.</summary>
    public Span<int> Starts => _starts.AsSpan(0, Entries + 1);

    public long EndEntry => FirstEntry + Entries;

    /// <summary>A buffer of at least <paramref name="length"/> bytes for the decompressed payload.</summary>
    public byte[] RentData(int length)
    {
        if (_data.Length < length)
        {
            if (_data.Length > 0) ArrayPool<byte>.Shared.Return(_data);
            _data = ArrayPool<byte>.Shared.Rent(length);
        }
        return _data;
    }

    public int[] RentStarts(int entries)
    {
        if (_starts.Length < entries + 1)
        {
            if (_starts.Length > 0) ArrayPool<int>.Shared.Return(_starts);
            _starts = ArrayPool<int>.Shared.Rent(entries + 1);
        }
        return _starts;
    }

    public void Invalidate()
    {
        BranchId = -1;
        Index = -1;
    }

    public void Dispose()
    {
        if (_data.Length > 0) ArrayPool<byte>.Shared.Return(_data);
        if (_starts.Length > 0) ArrayPool<int>.Shared.Return(_starts);
        _data = [];
        _starts = [];
        Invalidate();
    }
}

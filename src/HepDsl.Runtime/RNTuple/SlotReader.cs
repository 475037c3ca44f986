namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// Reads element ranges of one <see cref="ColumnSlot"/>, converted to <typeparamref name="T"/>, keeping the current
/// decoded page so that consecutive ranges decode each page once. Elements no page holds (before a deferred column
/// starts, or in clusters written before it was added) read as zeros, as the specification prescribes.
/// </summary>
internal sealed class SlotReader<T>(ColumnSlot slot, PageLoader loader) where T : unmanaged
{
    private readonly DecodedPage _page = new();

    public ColumnSlot Slot => slot;

    public void Read(long first, Span<T> into)
    {
        long element = first;
        int done = 0;
        while (done < into.Length)
        {
            if (element < _page.First || element >= _page.End)
            {
                int index = slot.PageOf(element);
                if (index < 0)
                {
                    int next = ~index;
                    long stop = next < slot.Pages.Length ? slot.Pages[next].Page.FirstElement : long.MaxValue;
                    int zeros = (int)Math.Min(into.Length - done, stop - element);
                    into.Slice(done, zeros).Clear();
                    done += zeros;
                    element += zeros;
                    continue;
                }
                loader.Load(slot, slot.Pages[index], _page);
            }
            int n = (int)Math.Min(into.Length - done, _page.End - element);
            ElementConverter.Convert(_page.Type, _page.Elements(element, n), into.Slice(done, n));
            done += n;
            element += n;
        }
    }
}

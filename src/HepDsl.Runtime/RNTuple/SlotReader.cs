using System.Runtime.ExceptionServices;

namespace HepDsl.Runtime.RNTuple;

/// <summary>
/// Reads element ranges of one <see cref="ColumnSlot"/>, converted to <typeparamref name="T"/>, keeping the current
/// decoded page so that consecutive ranges decode each page once. Elements no page holds (before a deferred column
/// starts, or in clusters written before it was added) read as zeros, as the specification prescribes.
/// </summary>
/// <remarks>
/// When a page is loaded, the next page of the slot in the same cluster is loaded at the same time on a pool thread
/// (where <see cref="PageLoader.DecodesAhead"/>): an event loop reads a page in many chunks, so decompressing the next
/// page overlaps with this one's (and with the loop consuming it). A failure of the page ahead is reported only when the
/// page is read, with the loader's message. The reader is itself the pool's work item, so this allocates nothing.
/// </remarks>
internal sealed class SlotReader<T>(ColumnSlot slot, PageLoader loader) : IThreadPoolWorkItem where T : unmanaged
{
    private DecodedPage _page = new();
    private DecodedPage _ahead = new();
    private int _aheadIndex = -1;
    private Exception? _aheadError;
    private readonly ManualResetEventSlim _aheadDone = new(true);

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
                LoadPage(index);
            }
            int n = (int)Math.Min(into.Length - done, _page.End - element);
            ElementConverter.Convert(_page.Type, _page.Elements(element, n), into.Slice(done, n));
            done += n;
            element += n;
        }
    }

    private void LoadPage(int index)
    {
        if (_aheadIndex >= 0)
        {
            _aheadDone.Wait();
            int loaded = _aheadIndex;
            var error = _aheadError;
            _aheadIndex = -1;
            _aheadError = null;
            if (loaded == index)
            {
                if (error is not null) ExceptionDispatchInfo.Capture(error).Throw();
                // A loader disposed meanwhile emptied the page: load it again below.
                if (_ahead.First == slot.Pages[index].Page.FirstElement && _ahead.Count == slot.Pages[index].Page.Elements)
                {
                    (_page, _ahead) = (_ahead, _page);
                    StartAhead(index + 1);
                    return;
                }
            }
        }
        StartAhead(index + 1);
        loader.Load(slot, slot.Pages[index], _page);
    }

    private void StartAhead(int index)
    {
        // Only within the cluster: partitions and processing steps are whole clusters, so a page of the next cluster
        // is often another worker's, and decoding it here would only cost CPU.
        if (index >= slot.Pages.Length || !loader.DecodesAhead || slot.Pages[index].Cluster != slot.Pages[index - 1].Cluster) return;
        _aheadIndex = index;
        _aheadError = null;
        _aheadDone.Reset();
        loader.AheadStarted();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        try
        {
            loader.LoadAhead(slot, slot.Pages[_aheadIndex], _ahead);
        }
        catch (Exception e)
        {
            _aheadError = e;
        }
        finally
        {
            _aheadDone.Set();
        }
    }
}

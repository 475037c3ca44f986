namespace HepDsl.Runtime.Columns;

/// <summary>Sources that hold string columns (TTree <c>TLeafC</c>/<c>TString</c>, RNTuple <c>std::string</c>) read them here, not through <see cref="IEventSource.Column{T}"/>.</summary>
public interface IStringColumns
{
    /// <summary>Reads entries [first, first+count) of a string column into <paramref name="into"/> (appended).</summary>
    void ReadStrings(string column, long first, int count, List<string> into);
}

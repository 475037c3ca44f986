using System.Collections.Generic;
using HepDsl.Parser.Model;

namespace HepDsl.Parser.Diagnostics
{
    /// <summary>Collects diagnostics in the order found.</summary>
    public sealed class DiagnosticBag
    {
        private readonly List<HepDiagnostic> _items = new List<HepDiagnostic>();

        public IReadOnlyList<HepDiagnostic> Items => _items;
        public bool HasErrors { get; private set; }

        /// <summary>Reports <paramref name="message"/> of <see cref="DiagnosticCatalog"/> at <paramref name="at"/>, with its id and severity.</summary>
        public void Report(DiagnosticMessage message, SourceSpan at, params object?[] args)
        {
            var d = message.At(at.File, at.Line, at.Column, at.EndLine, at.EndColumn, args);
            if (d.Severity == Severity.Error) HasErrors = true;
            _items.Add(d);
        }
    }
}

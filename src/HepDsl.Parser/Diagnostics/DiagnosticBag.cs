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

        public void Error(string id, SourceSpan at, string message) => Add(id, Severity.Error, at, message);
        public void Warning(string id, SourceSpan at, string message) => Add(id, Severity.Warning, at, message);

        private void Add(string id, Severity severity, SourceSpan at, string message)
        {
            if (severity == Severity.Error) HasErrors = true;
            _items.Add(new HepDiagnostic(id, severity, at.File, at.Line, at.Column, at.EndLine, at.EndColumn, message));
        }
    }
}

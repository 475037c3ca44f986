using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;
using static System.FormattableString;

namespace HepDsl.Parser.Checking
{
    /// <summary>
    /// One compilation: parses the main file and its imports in order, checks every statement against what was
    /// declared before it, and assembles the model from what the statements actually read. This file holds the
    /// order of work; the other <c>Compilation.*.cs</c> files one kind of statement each (src/HepDsl.Parser/README.md).
    /// </summary>
    internal sealed partial class Compilation
    {
        private readonly string _mainFile;
        private readonly Func<string, string?> _readImport;
        private readonly DiagnosticBag _diagnostics = new DiagnosticBag();
        private readonly SymbolTable _symbols;
        private readonly ExprChecker _expressions;
        private readonly DeclarationChecker _declarations;
        private readonly List<Statement> _statements = new List<Statement>();
        private readonly Dictionary<string, SourceSpan> _bookedNames = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceSpan> _cutNames = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        private readonly HashSet<string> _done = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> _importStack = new List<string>();
        private string? _name;
        private string _title = "";
        private SourceSpan? _analysisSpan;
        private string? _tree;
        private SourceSpan? _treeSpan;

        // The schema never changes: parse it once (syntax trees are immutable).
        private static readonly Lazy<IReadOnlyList<StatementSyntax>> NanoAodSyntax = new Lazy<IReadOnlyList<StatementSyntax>>(() =>
        {
            var bag = new DiagnosticBag();
            var parsed = SyntaxParser.ParseFile(NanoAodSchema.FileName, NanoAodSchema.Text, bag);
            if (bag.HasErrors) throw new InvalidOperationException("the built-in NanoAOD schema does not parse: " + bag.Items[0]);
            return parsed;
        });

        private Compilation(string mainFile, Func<string, string?> readImport)
        {
            _mainFile = mainFile;
            _readImport = readImport;
            _symbols = new SymbolTable(_diagnostics);
            _expressions = new ExprChecker(_symbols);
            _declarations = new DeclarationChecker(_symbols, _expressions);
        }

        public static CompileResult Run(string path, string text, Func<string, string?> readImport, Action<ExpressionInfo>? observer = null)
        {
            var c = new Compilation(path, readImport);
            c._expressions.Observer = observer;
            // Texts handed over already read (the generator's additional files) are held to the same limit.
            if (text.Length > SourceFiles.MaxBytes)
                c._diagnostics.Report(DiagnosticCatalog.FileTooLarge, new SourceSpan(path, 1, 1, 1, 2), path, text.Length, SourceFiles.MaxBytes);
            else c.ProcessFile(path, text);
            var model = c.Finish();
            // Sorted by place (stable): parse errors and checking errors of one file read top to bottom.
            var ordered = c._diagnostics.Items.Select((d, i) => (d, i))
                .OrderBy(x => x.d.File == path ? 0 : 1).ThenBy(x => x.d.File, StringComparer.Ordinal)
                .ThenBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i).Select(x => x.d);
            return new CompileResult(c._diagnostics.HasErrors ? null : model, ordered.ToEquatableArray());
        }

        private void ProcessFile(string path, string text)
        {
            _done.Add(path);
            _importStack.Add(path);
            var statements = path == NanoAodSchema.FileName ? NanoAodSyntax.Value : SyntaxParser.ParseFile(path, text, _diagnostics);
            foreach (var statement in statements)
                Process(statement);
            _importStack.RemoveAt(_importStack.Count - 1);
        }

        private void Process(StatementSyntax statement)
        {
            switch (statement)
            {
                case AnalysisSyntax a:
                    if (_analysisSpan != null)
                        _diagnostics.Report(DiagnosticCatalog.DuplicateHeader, a.Span, _name, _analysisSpan);
                    else { _name = a.Name; _title = a.Title ?? ""; _analysisSpan = a.Span; }
                    break;
                case TreeSyntax t:
                    if (_tree != null && _tree != t.Name)
                        _diagnostics.Report(DiagnosticCatalog.TreeNamedTwice, t.Span, _tree, _treeSpan);
                    else if (_tree == null) { _tree = t.Name; _treeSpan = t.Span; }
                    break;
                case UseSyntax u: Use(u); break;
                case ImportSyntax i: Import(i); break;
                case BranchSyntax b: _declarations.Branches(b); break;
                case CollectionSyntax c: _declarations.Collection(c); break;
                case ObjectSyntax o: _declarations.Object(o); break;
                case UnionSyntax u: _declarations.Union(u); break;
                case DefineSyntax d: _declarations.Define(d); break;
                case LetSyntax l: Let(l); break;
                case WeightSyntax w: EventWeight(w); break;
                case CutSyntax c: Cut(c); break;
                case HistogramSyntax h: Histogram(h); break;
                case AggregateSyntax a: Aggregate(a); break;
                case RegionSyntax r: Region(r); break;
                case VariationSyntax v: Variation(v); break;
                case FunctionSyntax f: Function(f); break;
            }
        }

        private AnalysisModel? Finish()
        {
            if (_tree == null)
                _diagnostics.Report(DiagnosticCatalog.MissingTree, new SourceSpan(_mainFile, 1, 1, 1, 2));
            if (!_statements.Any(s => s is Histogram1D || s is Histogram2D || s is AggregateStatement) && !_diagnostics.HasErrors)
                _diagnostics.Report(DiagnosticCatalog.EmptyAnalysis, new SourceSpan(_mainFile, 1, 1, 1, 2));
            if (_diagnostics.HasErrors) return null;
            return ModelAssembler.Assemble(_name ?? DefaultName(_mainFile), _title, _mainFile, _tree!, _symbols, _statements);
        }

        /// <summary>The file name without extension, made a C# identifier.</summary>
        public static string DefaultName(string path)
        {
            var name = Path.GetFileNameWithoutExtension(path.Replace('\\', '/'));
            var chars = name.Select(ch => char.IsLetterOrDigit(ch) || ch == '_' ? ch : '_').ToArray();
            var s = new string(chars);
            if (s.Length == 0 || char.IsDigit(s[0])) s = "_" + s;
            return s;
        }
    }
}

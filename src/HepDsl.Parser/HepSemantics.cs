using System;
using System.Collections.Generic;
using HepDsl.Parser.Model;
using HepDsl.Parser.Syntax;
using HepDsl.Parser.Diagnostics;
using HepDsl.Parser.Checking;

namespace HepDsl.Parser
{
    /// <summary>
    /// What editors need beyond <see cref="HepCompiler.Compile"/>: the same compilation (same diagnostics), and the type
    /// of every expression the checker looked at.
    /// </summary>
    public sealed record SemanticResult(CompileResult Result, IReadOnlyList<ExpressionInfo> Expressions);

    public static class HepSemantics
    {
        /// <summary>Compiles like <see cref="HepCompiler.Compile"/>, recording each checked expression's type.</summary>
        public static SemanticResult Analyze(string path, string text, Func<string, string?> readImport)
        {
            var expressions = new List<ExpressionInfo>();
            var result = Checking.Compilation.Run(path, text, readImport, expressions.Add);
            return new SemanticResult(result, expressions);
        }

        /// <summary>The statements of one file as written (no imports followed), and its syntax errors; <see cref="NanoAodFileName"/> gives the built-in schema.</summary>
        public static (IReadOnlyList<StatementSyntax> Statements, IReadOnlyList<HepDiagnostic> Errors) Parse(string path, string text)
        {
            var bag = new Diagnostics.DiagnosticBag();
            var statements = SyntaxParser.ParseFile(path, path == NanoAodFileName ? Checking.NanoAodSchema.Text : text, bag);
            return (statements, bag.Items);
        }

        /// <summary>The pseudo file name of the <c>use nanoaod</c> declarations (spans of NanoAOD fields carry it).</summary>
        public const string NanoAodFileName = Checking.NanoAodSchema.FileName;

        /// <summary>The text of the built-in <c>use nanoaod</c> declarations.</summary>
        public static string NanoAodText => Checking.NanoAodSchema.Text;

        /// <summary>The built-in functions (<c>abs</c>, <c>mass</c>, ..., <c>count</c>, <c>exists</c>, ...).</summary>
        public static IEnumerable<string> FunctionNames => Checking.Builtins.AllNames();

        /// <summary>Four-vector properties readable as members (<c>p.pt</c>, <c>p.mass</c>).</summary>
        public static IEnumerable<string> FourVectorProperties => Checking.Builtins.Properties.Keys;

        /// <summary>Element type names accepted in declarations (<c>float32</c>, <c>int</c>, ...).</summary>
        public static IEnumerable<string> TypeNames => Checking.TypeNames.ByName.Keys;
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using static HepDsl.Parser.Diagnostics.Severity;

namespace HepDsl.Parser.Diagnostics
{
    /// <summary>
    /// Every diagnostic HepDsl reports, in one place: one <see cref="DiagnosticEntry"/> per id (title, default severity,
    /// main message, section of docs/language.md) followed by the other messages of that id. Code reports through
    /// <see cref="DiagnosticBag.Report"/> with a message from here and its arguments; no message text is written
    /// anywhere else. The generator makes one Roslyn descriptor per entry, and a test holds the table of
    /// docs/language.md to <see cref="Entries"/>.
    /// </summary>
    public static class DiagnosticCatalog
    {
        /// <summary>The page that explains every id (<see cref="DiagnosticEntry.HelpLink"/>), relative to the repository root.</summary>
        public const string Page = "docs/language.md";

        /// <summary>
        /// Where the repository's files are read on the web (the repository of editors/vscode/package.json, branch main).
        /// Help links must be absolute: an IDE (Roslyn's help link, LSP's <c>codeDescription.href</c>) opens them as they are.
        /// </summary>
        public const string RepositoryFiles = "https://github.com/hepdsl/hepdsl/blob/main/";

        /// <summary>"s" unless <paramref name="count"/> is 1: "1 argument", "2 arguments".</summary>
        public static string Plural(int count) => count == 1 ? "" : "s";

        // ---------------------------------------------------------------- syntax

        public static readonly DiagnosticEntry Syntax = new(DiagnosticIds.Syntax, Error, "Syntax error",
            "expected {0} but found {1}");
        public static readonly DiagnosticMessage SingleEquals = Syntax.Variant(
            "expected {0} but found {1}; to compare, write '==' ('=' only names a let or define)");
        public static readonly DiagnosticMessage UnsupportedExpression = Syntax.Variant("unsupported expression");

        public static readonly DiagnosticEntry UnknownStatement = new(DiagnosticIds.UnknownStatement, Error, "Unknown statement",
            "expected a statement ({0}) but found '{1}'{2}");

        public static readonly DiagnosticEntry NestingTooDeep = new(DiagnosticIds.NestingTooDeep, Error, "Expression nests too deep",
            "the expression nests more than {0} levels deep (brackets, calls, 'if', prefix '-'/'not', fields and indices, or right-hand operands inside each other); "
            + "name inner parts with 'let' to split it");

        // ---------------------------------------------------------------- files and headers

        public static readonly DiagnosticEntry MissingTree = new(DiagnosticIds.MissingTree, Error, "Missing tree",
            "missing 'tree NAME': the analysis must say which tree it reads (for NanoAOD: tree Events)");

        public static readonly DiagnosticEntry DuplicateHeader = new(DiagnosticIds.DuplicateHeader, Error, "Analysis or tree named twice",
            "the analysis is already named '{0}' at {1}");
        public static readonly DiagnosticMessage TreeNamedTwice = DuplicateHeader.Variant(
            "the tree is already '{0}' at {1}; an analysis reads one tree");

        public static readonly DiagnosticEntry ImportNotFound = new(DiagnosticIds.ImportNotFound, Error, "Imported file not found",
            "cannot import \"{0}\": no file {1}");

        public static readonly DiagnosticEntry ImportCycle = new(DiagnosticIds.ImportCycle, Error, "Import cycle",
            "import cycle: {0}");

        public static readonly DiagnosticEntry UnknownSchema = new(DiagnosticIds.UnknownSchema, Error, "Unknown schema",
            "unknown schema '{0}'; expected 'nanoaod'{1}");

        public static readonly DiagnosticEntry FileNotFound = new(DiagnosticIds.FileNotFound, Error, "File not found",
            "no such .hep file");

        /// <summary>The main message is the reason alone (one of the messages below), as a tool that read the file gives it.</summary>
        public static readonly DiagnosticEntry BadSourceFile = new(DiagnosticIds.BadSourceFile, Error, "File may not be read",
            "{0}");
        public static readonly DiagnosticMessage FileTooLarge = BadSourceFile.Variant(
            "{0} is {1:N0} bytes; a .hep file may be at most {2:N0} bytes (1 MiB)");
        public static readonly DiagnosticMessage FileIsDirectory = BadSourceFile.Variant("{0} is a directory, not a .hep file");
        public static readonly DiagnosticMessage ImportedFileNotHep = BadSourceFile.Variant("{0} is not a .hep file: an import names a .hep file");
        public static readonly DiagnosticMessage FileNotRegular = BadSourceFile.Variant(
            "{0} is not a regular file: it yields more than the {1} bytes it reports");
        public static readonly DiagnosticMessage ImportNotHep = BadSourceFile.Variant("cannot import \"{0}\": an import names a .hep file");
        public static readonly DiagnosticMessage ImportUnreadable = BadSourceFile.Variant("cannot import \"{0}\": {1}");

        // ---------------------------------------------------------------- declarations

        public static readonly DiagnosticEntry UnknownType = new(DiagnosticIds.UnknownType, Error, "Unknown type",
            "unknown type '{0}'; expected bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32 or float64{1}");

        public static readonly DiagnosticEntry DuplicateName = new(DiagnosticIds.DuplicateName, Error, "Duplicate name",
            "'{0}' is already declared (collection declared at {1})");
        public static readonly DiagnosticMessage NameTakenByBranch = DuplicateName.Variant("'{0}' is already declared (branch declared at {1})");
        public static readonly DiagnosticMessage NameTakenByDefinition = DuplicateName.Variant("'{0}' is already declared (definition at {1})");
        public static readonly DiagnosticMessage NameTakenByTag = DuplicateName.Variant("'{0}' is already declared (union flavour tag)");
        public static readonly DiagnosticMessage DuplicateField = DuplicateName.Variant("'{0}' already has a field '{1}' (at {2})");
        public static readonly DiagnosticMessage VariableBoundTwice = DuplicateName.Variant("variable '{0}' is bound twice in one combination");
        public static readonly DiagnosticMessage FunctionNamedLikeBuiltin = DuplicateName.Variant("'{0}' is a built-in function; name the C# function otherwise");
        public static readonly DiagnosticMessage DuplicateFunction = DuplicateName.Variant("a function named '{0}' is already declared at {1}");
        public static readonly DiagnosticMessage DuplicateRegion = DuplicateName.Variant("a region named '{0}' is already at {1}");
        public static readonly DiagnosticMessage DuplicateVariation = DuplicateName.Variant("a variation named '{0}' is already at {1}");
        public static readonly DiagnosticMessage DuplicateCut = DuplicateName.Variant("a cut named \"{0}\" is already at {1}");
        public static readonly DiagnosticMessage DuplicateBooking = DuplicateName.Variant("a histogram or aggregate named '{0}' is already at {1}");

        public static readonly DiagnosticEntry BadCollection = new(DiagnosticIds.BadCollection, Error, "Bad collection layout",
            "a collection of std::vector branches has no counter: write '{0}[vector]' (the number of objects is the length of the vectors)");
        public static readonly DiagnosticMessage VectorWithoutFields = BadCollection.Variant(
            "'{0}[vector]' needs at least one field: the number of objects in an event is the length of its vectors");
        public static readonly DiagnosticMessage BranchReadTwice = BadCollection.Variant(
            "'{0}' already reads branch '{1}' as field '{2}' (at {3}); give each field its own branch");
        public static readonly DiagnosticMessage CounterAsField = BadCollection.Variant(
            "'{0}' is the counter of '{1}' (one value per event), so it cannot also be a per-object field; declare it with 'branch' to read it");

        public static readonly DiagnosticEntry BadFourVector = new(DiagnosticIds.BadFourVector, Error, "Bad four-vector recipe",
            "unknown four-vector recipe '{0}'; expected ptetaphim(pt, eta, phi, mass), pxpypze(px, py, pz, E), ptphi(pt, phi) or pxpy(px, py){1}");
        public static readonly DiagnosticMessage FourVectorFieldCount = BadFourVector.Variant("{0} takes {1} fields but got {2}");
        public static readonly DiagnosticMessage FourVectorUnknownField = BadFourVector.Variant("'{0}' has no field '{1}' for its four-vector{2}");
        public static readonly DiagnosticMessage FourVectorComponentType = BadFourVector.Variant("four-vector component '{0}': expected a number but got {1}");

        public static readonly DiagnosticEntry BadUnion = new(DiagnosticIds.BadUnion, Error, "Bad union",
            "a union joins collections declared with 'collection'; '{0}' is a single object");
        public static readonly DiagnosticMessage UnionOfUnion = BadUnion.Variant("a union joins collections declared with 'collection'; '{0}' is a union");
        public static readonly DiagnosticMessage RepeatedUnionMember = BadUnion.Variant("'{0}' is already a member of this union");
        public static readonly DiagnosticMessage DefineOnUnion = BadUnion.Variant(
            "define the field on each member of '{0}' ({1}); the union then has it too if all members do");

        // ---------------------------------------------------------------- names and types in expressions

        public static readonly DiagnosticEntry UnknownName = new(DiagnosticIds.UnknownName, Error, "Unknown name",
            "unknown name '{0}' (not a variable, definition, collection or branch){1}");
        public static readonly DiagnosticMessage UnknownNameInObject = UnknownName.Variant(
            "unknown name '{0}' (not a variable, a field of {1}, a definition, a collection or a branch){2}");
        public static readonly DiagnosticMessage UnknownCollection = UnknownName.Variant("unknown collection '{0}'{1}");

        public static readonly DiagnosticEntry UnknownField = new(DiagnosticIds.UnknownField, Error, "Unknown field",
            "'{0}' has no field '{1}'{2}");
        public static readonly DiagnosticMessage UnknownFourVectorProperty = UnknownField.Variant("a four-vector has no property '{0}'{1}");

        public static readonly DiagnosticEntry UnknownSlot = new(DiagnosticIds.UnknownSlot, Error, "Unknown member of a combination",
            "the combination {0} has no member '{1}'{2}");

        public static readonly DiagnosticEntry TypeMismatch = new(DiagnosticIds.TypeMismatch, Error, "Type mismatch",
            "{0}: expected {1} but got {2}");
        public static readonly DiagnosticMessage WholeArray = TypeMismatch.Variant(
            "'{0}' is a fixed-size array of {1} values: use one of them, {0}[0] to {0}[{2}]");
        public static readonly DiagnosticMessage ArrayIndexNotWritten = TypeMismatch.Variant(
            "the index of fixed-size array '{0}' must be a whole number written out (0 to {1})");
        public static readonly DiagnosticMessage ArrayIndexOutside = TypeMismatch.Variant(
            "index {0} is outside '{1}', which holds {2} values (0 to {3})");
        public static readonly DiagnosticMessage ArrayLength = TypeMismatch.Variant(
            "a fixed-size array branch needs a length from 2 to 1000000, like {0}[3]; got [{1}]");
        public static readonly DiagnosticMessage CounterType = TypeMismatch.Variant(
            "a counter branch holds a count: expected an integer type but got {0}");
        public static readonly DiagnosticMessage NoMembers = TypeMismatch.Variant("cannot read '.{0}' of {1}");
        public static readonly DiagnosticMessage ObjectsOfOtherCollections = TypeMismatch.Variant(
            "cannot compare an object of '{0}' with an object of '{1}'");
        public static readonly DiagnosticMessage ElseBranch = TypeMismatch.Variant(
            "'else' branch: expected {0} like the 'then' branch but got {1}");
        public static readonly DiagnosticMessage UserFunctionArgument = TypeMismatch.Variant(
            "argument {0} of {1} is {2}, but this is {3}");
        public static readonly DiagnosticMessage FoldOfNoCollection = TypeMismatch.Variant(
            "{0}: expected a collection or per-object values (like Jet.pt) but got {1}");
        public static readonly DiagnosticMessage FoldOfTuples = TypeMismatch.Variant(
            "{0}: expected values but got the tuples {1}; write '{0}(VALUE for pair (a, b) in ...)'");
        public static readonly DiagnosticMessage DerivedFieldType = TypeMismatch.Variant(
            "a per-object field must be a number, condition or four-vector that every object has, but this is {0}");
        public static readonly DiagnosticMessage OptionalVariedField = TypeMismatch.Variant(
            "the varied field must have a value for every object, but this is {0}");
        public static readonly DiagnosticMessage RealForIntegerField = TypeMismatch.Variant(
            "'{0}' is an integer field: its varied value must be an integer, but this is {1} (it would be truncated)");

        public static readonly DiagnosticEntry NoFourVector = new(DiagnosticIds.NoFourVector, Error, "No four-vector",
            "{0}: objects of '{1}' have no four-vector; declare one with 'fourvector ptetaphim(...)' or 'fourvector pxpypze(...)'");

        public static readonly DiagnosticEntry PerObjectMisuse = new(DiagnosticIds.PerObjectMisuse, Error, "Per-object values where one value is needed",
            "{0}: expected {1} but got {2} (one value per object); fold it with any/all/count/sum/min/max or use it in a per-object histogram");
        public static readonly DiagnosticMessage TwoIterations = PerObjectMisuse.Variant(
            "{0}: the two sides are per-object values of different objects; name the objects once, like 'o.pt * o.eta for o in {1}' or 'a.pt * b.pt for pair (a, b) in {1}'");
        public static readonly DiagnosticMessage ForOfValues = PerObjectMisuse.Variant("'for': expected one value per tuple but got {0}");
        public static readonly DiagnosticMessage LetOfValues = PerObjectMisuse.Variant(
            "cannot name per-object values ({0}); name the collection instead (let x = Jet with ...) and read its field where it is used");
        public static readonly DiagnosticMessage FillOfTuples = PerObjectMisuse.Variant(
            "{0}: expected numbers but got the tuples {1}; write 'VALUE for pair (a, b) in ...'");
        public static readonly DiagnosticMessage FillsIterateDifferently = PerObjectMisuse.Variant(
            "{0}: both fills must run over the same objects (like Jet.pt and Jet.eta); this one iterates differently");

        public static readonly DiagnosticEntry DivisionByZero = new(DiagnosticIds.DivisionByZero, Error, "Remainder of a division by zero",
            "the remainder of a division by zero: the right side of '%' is always 0");

        public static readonly DiagnosticEntry NumberOutOfRange = new(DiagnosticIds.NumberOutOfRange, Error, "Number out of range",
            "this number is beyond the range of a 64-bit float (about 1.8e308) and would be infinite");

        public static readonly DiagnosticEntry TermOutsideQuantifier = new(DiagnosticIds.TermOutsideQuantifier, Warning, "Term does not use the quantifier's variable",
            "this '{0}' term does not use '{1}' but is part of the '{2}' condition (the condition after ':' runs to the end of the expression); "
            + "if it is meant outside, bracket the quantifier: ({2} {1} in ...: ...) {0} ...; if inside, bracket the condition");

        // ---------------------------------------------------------------- calls

        public static readonly DiagnosticEntry UnknownFunction = new(DiagnosticIds.UnknownFunction, Error, "Unknown function",
            "unknown function '{0}'{1}");
        public static readonly DiagnosticMessage UnknownFunctionNoHint = UnknownFunction.Variant(
            "unknown function '{0}'; see the function list in docs/language.md");

        public static readonly DiagnosticEntry WrongArity = new(DiagnosticIds.WrongArity, Error, "Wrong number of arguments",
            "{0} takes {1} argument{2} but got {3}");
        public static readonly DiagnosticMessage TooFewArguments = WrongArity.Variant("{0} takes at least {1} arguments but got {2}");
        public static readonly DiagnosticMessage ArgumentsBetween = WrongArity.Variant("{0} takes {1} to {2} arguments but got {3}");
        public static readonly DiagnosticMessage UserFunctionArity = WrongArity.Variant("{0} takes {1} argument{2} ({3}) but got {4}");

        public static readonly DiagnosticEntry NotOptional = new(DiagnosticIds.NotOptional, Warning, "Value is never absent",
            "exists(...) of {0} is always true: the value is never absent");

        public static readonly DiagnosticEntry RandomOutsideVariation = new(DiagnosticIds.RandomOutsideVariation, Error, "Random number outside a variation",
            "normal(mean, sigma) draws a random number: it is allowed only in the value of an object variation (variation NAME: Jet.pt = pt * normal(1, 0.05)), where it is seeded by the event identity");

        // ---------------------------------------------------------------- histograms and the analysis

        public static readonly DiagnosticEntry BadHistogramShape = new(DiagnosticIds.BadHistogramShape, Error, "Bad histogram shape",
            "histogram '{0}': expected one fill expression (1D) or two (2D) but got {1}");
        public static readonly DiagnosticMessage BinningsPerFill = BadHistogramShape.Variant(
            "histogram '{0}': expected {1} binning{2} (like '100 bins from 0 to 200' or 'edges [0, 10, 50]') for {1} fill expression{2} but got {3}");

        public static readonly DiagnosticEntry BadBinCount = new(DiagnosticIds.BadBinCount, Error, "Bad bin count",
            "expected a whole number of bins greater than 0 but got {0}");

        public static readonly DiagnosticEntry BadBinRange = new(DiagnosticIds.BadBinRange, Error, "Bad bin range",
            "expected the upper edge to be greater than the lower edge but got from {0} to {1}");
        public static readonly DiagnosticMessage InfiniteRange = BadBinRange.Variant("expected finite edges but got from {0} to {1}");
        public static readonly DiagnosticMessage BinWidthVanishes = BadBinRange.Variant(
            "the width of {0} bins from {1} to {2} is too small to tell the bins apart");
        public static readonly DiagnosticMessage BinWidthOverflows = BadBinRange.Variant(
            "the width of {0} bins from {1} to {2} is larger than the largest number; narrow the range");
        public static readonly DiagnosticMessage LogBinsFromZero = BadBinRange.Variant("expected a lower edge greater than 0 for log bins but got {0}");

        public static readonly DiagnosticEntry BadBinEdges = new(DiagnosticIds.BadBinEdges, Error, "Bad bin edges",
            "expected at least 2 bin edges but got {0}");
        public static readonly DiagnosticMessage InfiniteEdge = BadBinEdges.Variant("expected finite bin edges but edge {0} is {1}");
        public static readonly DiagnosticMessage EdgeWidthOverflows = BadBinEdges.Variant(
            "the width from edge {0} ({1}) to edge {2} ({3}) is larger than the largest number");
        public static readonly DiagnosticMessage EdgesNotIncreasing = BadBinEdges.Variant(
            "expected increasing bin edges but edge {0} ({1}) is not greater than edge {2} ({3})");

        public static readonly DiagnosticEntry HistogramTooLarge = new(DiagnosticIds.HistogramTooLarge, Error, "Histogram too large",
            "histogram '{0}' has {1:N0} cells ({2}, under- and overflow included); a histogram may have at most {3:N0}");

        public static readonly DiagnosticEntry OptionalWeight = new(DiagnosticIds.OptionalWeight, Error, "Weight may be absent",
            "the weight is {0}: it may be absent in some events (it uses an object that may not be there), and every event needs a weight; build it from values every event has (branches, counts, sums over collections)");

        public static readonly DiagnosticEntry EmptyAnalysis = new(DiagnosticIds.EmptyAnalysis, Warning, "Analysis books nothing",
            "the analysis books no histogram or aggregate; only the cut flow will be filled");

        // ---------------------------------------------------------------- regions and variations

        public static readonly DiagnosticEntry BadVariation = new(DiagnosticIds.BadVariation, Error, "Bad variation",
            "an object variation changes what every statement sees: declare it before the first event statement (at {0})");
        public static readonly DiagnosticMessage VariationInRegion = BadVariation.Variant(
            "a variation applies to every region: declare it before the first region (this one is inside region '{0}')");
        public static readonly DiagnosticMessage NominalVariation = BadVariation.Variant(
            "'nominal' names the unvaried histograms; choose another variation name");
        public static readonly DiagnosticMessage VariationOfDerivedCollection = BadVariation.Variant(
            "'{0}' is not a collection read from branches; vary a field of a source collection (like Jet.pt)");
        public static readonly DiagnosticMessage VariationOfUnknownField = BadVariation.Variant("'{0}' has no stored field '{1}' to vary{2}");
        public static readonly DiagnosticMessage RandomWithoutIdentity = BadVariation.Variant(
            "normal() is seeded by the event identity (run, luminosityBlock, event), but there is no branch '{0}'; declare it (branch uint64 event) or use nanoaod");

        /// <summary>Numbered for region errors; a repeated region name is <see cref="DuplicateRegion"/>.</summary>
        public static readonly DiagnosticEntry BadRegion = new(DiagnosticIds.BadRegion, Error, "Bad region",
            "{0}", reserved: true);

        // ---------------------------------------------------------------- tools (the generator, hep run)

        public static readonly DiagnosticEntry EmitterFailed = new(DiagnosticIds.EmitterFailed, Error, "HepDsl generator failed",
            "HepDsl could not generate C# for '{0}': {1}");

        public static readonly DiagnosticEntry DuplicateAnalysis = new(DiagnosticIds.DuplicateAnalysis, Error, "Two .hep files define the same analysis",
            "analysis '{0}' in {1} would generate class {2}, which {3} (analysis '{4}') already generates; give each .hep file a different analysis name");

        public static readonly DiagnosticEntry NoGeneratedAnalysis = new(DiagnosticIds.NoGeneratedAnalysis, Error, "No analysis generated",
            "the source generator produced no analysis for this file");

        // ---------------------------------------------------------------- lookup

        private static IReadOnlyList<DiagnosticEntry>? s_entries;

        /// <summary>Every entry, by id.</summary>
        public static IReadOnlyList<DiagnosticEntry> Entries => s_entries ??= typeof(DiagnosticCatalog)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticEntry))
            .Select(f => (DiagnosticEntry)f.GetValue(null)!)
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        /// <summary>The entry of <paramref name="id"/>, or null.</summary>
        public static DiagnosticEntry? Find(string id) => Entries.FirstOrDefault(e => e.Id == id);
    }
}

namespace HepDsl.Parser.Diagnostics
{
    /// <summary>
    /// Stable diagnostic IDs (documented in docs/language.md). Never renumber; only add. Each has an entry in
    /// <see cref="DiagnosticCatalog"/> with its title, severity and messages.
    /// </summary>
    public static class DiagnosticIds
    {
        public const string Syntax = "HEP0001";
        public const string UnknownStatement = "HEP0002";
        public const string MissingTree = "HEP0003";
        public const string DuplicateHeader = "HEP0004";
        public const string UnknownName = "HEP0005";
        public const string UnknownField = "HEP0006";
        public const string UnknownFunction = "HEP0007";
        public const string WrongArity = "HEP0008";
        public const string TypeMismatch = "HEP0009";
        public const string DuplicateName = "HEP0010";
        public const string BadBinCount = "HEP0011";
        public const string BadBinRange = "HEP0012";
        public const string BadBinEdges = "HEP0013";
        public const string ImportNotFound = "HEP0014";
        public const string ImportCycle = "HEP0015";
        public const string UnknownSchema = "HEP0016";
        public const string UnknownType = "HEP0017";
        public const string BadFourVector = "HEP0018";
        public const string NoFourVector = "HEP0019";
        public const string BadUnion = "HEP0020";
        public const string BadHistogramShape = "HEP0021";
        public const string PerObjectMisuse = "HEP0022";
        public const string UnknownSlot = "HEP0023";
        public const string NotOptional = "HEP0024";
        public const string EmptyAnalysis = "HEP0025";
        public const string OptionalWeight = "HEP0026";
        public const string BadCollection = "HEP0027";
        public const string TermOutsideQuantifier = "HEP0028";
        public const string FileNotFound = "HEP0029";
        // HEP0040-: bad input (issue 11 section 2); numbered apart from the language's own additions.
        public const string NestingTooDeep = "HEP0040";
        public const string BadSourceFile = "HEP0041";
        public const string HistogramTooLarge = "HEP0042";
        public const string DivisionByZero = "HEP0043";
        public const string NumberOutOfRange = "HEP0044";
        // Analyses (regions and variations): numbered from 50.
        public const string RandomOutsideVariation = "HEP0050";
        public const string BadVariation = "HEP0051";
        public const string BadRegion = "HEP0052";
        // HEP1xxx: the tools around the checker (the source generator, hep run).
        public const string EmitterFailed = "HEP1001";
        public const string DuplicateAnalysis = "HEP1002";
        public const string NoGeneratedAnalysis = "HEP1101";
    }
}

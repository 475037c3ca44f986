using System.Collections.Generic;
using System.Linq;
using HepDsl.Parser.Diagnostics;
using Microsoft.CodeAnalysis;

namespace HepDsl.Generator.Diagnostics;

/// <summary>
/// One descriptor per entry of the parser's <see cref="DiagnosticCatalog"/> (HEP0xxx from the checker, HEP1xxx from
/// the tools), each with its own title, default severity and link to its section of docs/language.md, so an IDE
/// shows "HEP0005 Unknown name" rather than one title for all. Written out one by one, with constant ids and
/// severities, as Roslyn's release tracking reads them (AnalyzerReleases.*.md list every id); a test holds each to
/// its catalog entry. The checker's message arrives already written (one id has several messages), so the format
/// passes it through whole.
/// </summary>
public static class DiagnosticDescriptors
{
    public const string Category = "HepDsl";

    private const string MessageFormat = "{0}";

    public static readonly DiagnosticDescriptor Syntax = new(
        DiagnosticIds.Syntax, DiagnosticCatalog.Syntax.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.Syntax.HelpLink);

    public static readonly DiagnosticDescriptor UnknownStatement = new(
        DiagnosticIds.UnknownStatement, DiagnosticCatalog.UnknownStatement.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.UnknownStatement.HelpLink);

    public static readonly DiagnosticDescriptor MissingTree = new(
        DiagnosticIds.MissingTree, DiagnosticCatalog.MissingTree.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.MissingTree.HelpLink);

    public static readonly DiagnosticDescriptor DuplicateHeader = new(
        DiagnosticIds.DuplicateHeader, DiagnosticCatalog.DuplicateHeader.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.DuplicateHeader.HelpLink);

    public static readonly DiagnosticDescriptor UnknownName = new(
        DiagnosticIds.UnknownName, DiagnosticCatalog.UnknownName.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.UnknownName.HelpLink);

    public static readonly DiagnosticDescriptor UnknownField = new(
        DiagnosticIds.UnknownField, DiagnosticCatalog.UnknownField.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.UnknownField.HelpLink);

    public static readonly DiagnosticDescriptor UnknownFunction = new(
        DiagnosticIds.UnknownFunction, DiagnosticCatalog.UnknownFunction.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.UnknownFunction.HelpLink);

    public static readonly DiagnosticDescriptor WrongArity = new(
        DiagnosticIds.WrongArity, DiagnosticCatalog.WrongArity.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.WrongArity.HelpLink);

    public static readonly DiagnosticDescriptor TypeMismatch = new(
        DiagnosticIds.TypeMismatch, DiagnosticCatalog.TypeMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.TypeMismatch.HelpLink);

    public static readonly DiagnosticDescriptor DuplicateName = new(
        DiagnosticIds.DuplicateName, DiagnosticCatalog.DuplicateName.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.DuplicateName.HelpLink);

    public static readonly DiagnosticDescriptor BadBinCount = new(
        DiagnosticIds.BadBinCount, DiagnosticCatalog.BadBinCount.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadBinCount.HelpLink);

    public static readonly DiagnosticDescriptor BadBinRange = new(
        DiagnosticIds.BadBinRange, DiagnosticCatalog.BadBinRange.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadBinRange.HelpLink);

    public static readonly DiagnosticDescriptor BadBinEdges = new(
        DiagnosticIds.BadBinEdges, DiagnosticCatalog.BadBinEdges.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadBinEdges.HelpLink);

    public static readonly DiagnosticDescriptor ImportNotFound = new(
        DiagnosticIds.ImportNotFound, DiagnosticCatalog.ImportNotFound.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.ImportNotFound.HelpLink);

    public static readonly DiagnosticDescriptor ImportCycle = new(
        DiagnosticIds.ImportCycle, DiagnosticCatalog.ImportCycle.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.ImportCycle.HelpLink);

    public static readonly DiagnosticDescriptor UnknownSchema = new(
        DiagnosticIds.UnknownSchema, DiagnosticCatalog.UnknownSchema.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.UnknownSchema.HelpLink);

    public static readonly DiagnosticDescriptor UnknownType = new(
        DiagnosticIds.UnknownType, DiagnosticCatalog.UnknownType.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.UnknownType.HelpLink);

    public static readonly DiagnosticDescriptor BadFourVector = new(
        DiagnosticIds.BadFourVector, DiagnosticCatalog.BadFourVector.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadFourVector.HelpLink);

    public static readonly DiagnosticDescriptor NoFourVector = new(
        DiagnosticIds.NoFourVector, DiagnosticCatalog.NoFourVector.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.NoFourVector.HelpLink);

    public static readonly DiagnosticDescriptor BadUnion = new(
        DiagnosticIds.BadUnion, DiagnosticCatalog.BadUnion.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadUnion.HelpLink);

    public static readonly DiagnosticDescriptor BadHistogramShape = new(
        DiagnosticIds.BadHistogramShape, DiagnosticCatalog.BadHistogramShape.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadHistogramShape.HelpLink);

    public static readonly DiagnosticDescriptor PerObjectMisuse = new(
        DiagnosticIds.PerObjectMisuse, DiagnosticCatalog.PerObjectMisuse.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.PerObjectMisuse.HelpLink);

    public static readonly DiagnosticDescriptor UnknownSlot = new(
        DiagnosticIds.UnknownSlot, DiagnosticCatalog.UnknownSlot.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.UnknownSlot.HelpLink);

    public static readonly DiagnosticDescriptor NotOptional = new(
        DiagnosticIds.NotOptional, DiagnosticCatalog.NotOptional.Title, MessageFormat, Category, DiagnosticSeverity.Warning, true, helpLinkUri: DiagnosticCatalog.NotOptional.HelpLink);

    public static readonly DiagnosticDescriptor EmptyAnalysis = new(
        DiagnosticIds.EmptyAnalysis, DiagnosticCatalog.EmptyAnalysis.Title, MessageFormat, Category, DiagnosticSeverity.Warning, true, helpLinkUri: DiagnosticCatalog.EmptyAnalysis.HelpLink);

    public static readonly DiagnosticDescriptor OptionalWeight = new(
        DiagnosticIds.OptionalWeight, DiagnosticCatalog.OptionalWeight.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.OptionalWeight.HelpLink);

    public static readonly DiagnosticDescriptor BadCollection = new(
        DiagnosticIds.BadCollection, DiagnosticCatalog.BadCollection.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadCollection.HelpLink);

    public static readonly DiagnosticDescriptor TermOutsideQuantifier = new(
        DiagnosticIds.TermOutsideQuantifier, DiagnosticCatalog.TermOutsideQuantifier.Title, MessageFormat, Category, DiagnosticSeverity.Warning, true, helpLinkUri: DiagnosticCatalog.TermOutsideQuantifier.HelpLink);

    public static readonly DiagnosticDescriptor FileNotFound = new(
        DiagnosticIds.FileNotFound, DiagnosticCatalog.FileNotFound.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.FileNotFound.HelpLink);

    public static readonly DiagnosticDescriptor NestingTooDeep = new(
        DiagnosticIds.NestingTooDeep, DiagnosticCatalog.NestingTooDeep.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.NestingTooDeep.HelpLink);

    public static readonly DiagnosticDescriptor BadSourceFile = new(
        DiagnosticIds.BadSourceFile, DiagnosticCatalog.BadSourceFile.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadSourceFile.HelpLink);

    public static readonly DiagnosticDescriptor HistogramTooLarge = new(
        DiagnosticIds.HistogramTooLarge, DiagnosticCatalog.HistogramTooLarge.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.HistogramTooLarge.HelpLink);

    public static readonly DiagnosticDescriptor DivisionByZero = new(
        DiagnosticIds.DivisionByZero, DiagnosticCatalog.DivisionByZero.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.DivisionByZero.HelpLink);

    public static readonly DiagnosticDescriptor NumberOutOfRange = new(
        DiagnosticIds.NumberOutOfRange, DiagnosticCatalog.NumberOutOfRange.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.NumberOutOfRange.HelpLink);

    public static readonly DiagnosticDescriptor RandomOutsideVariation = new(
        DiagnosticIds.RandomOutsideVariation, DiagnosticCatalog.RandomOutsideVariation.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.RandomOutsideVariation.HelpLink);

    public static readonly DiagnosticDescriptor BadVariation = new(
        DiagnosticIds.BadVariation, DiagnosticCatalog.BadVariation.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadVariation.HelpLink);

    public static readonly DiagnosticDescriptor BadRegion = new(
        DiagnosticIds.BadRegion, DiagnosticCatalog.BadRegion.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.BadRegion.HelpLink);

    public static readonly DiagnosticDescriptor EmitterFailed = new(
        DiagnosticIds.EmitterFailed, DiagnosticCatalog.EmitterFailed.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.EmitterFailed.HelpLink);

    public static readonly DiagnosticDescriptor DuplicateAnalysis = new(
        DiagnosticIds.DuplicateAnalysis, DiagnosticCatalog.DuplicateAnalysis.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.DuplicateAnalysis.HelpLink);

    public static readonly DiagnosticDescriptor NoGeneratedAnalysis = new(
        DiagnosticIds.NoGeneratedAnalysis, DiagnosticCatalog.NoGeneratedAnalysis.Title, MessageFormat, Category, DiagnosticSeverity.Error, true, helpLinkUri: DiagnosticCatalog.NoGeneratedAnalysis.HelpLink);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = typeof(DiagnosticDescriptors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToDictionary(d => d.Id);

    /// <summary>Every descriptor, by id.</summary>
    public static IReadOnlyCollection<DiagnosticDescriptor> All => s_byId.Values;

    /// <summary>The descriptor of a catalog id (a checker diagnostic carries its own severity; it is always the entry's default).</summary>
    public static DiagnosticDescriptor For(string id) =>
        s_byId.TryGetValue(id, out var d) ? d : throw new KeyNotFoundException($"no diagnostic descriptor for {id}: add it to DiagnosticCatalog and here");
}

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
    // Event statements that weigh, name or select: 'weight', 'let' and 'cut' (a passed cut proves its exists(...) for the statements after it).
    internal sealed partial class Compilation
    {
        private void EventWeight(WeightSyntax w)
        {
            var value = _expressions.CheckNumber(w.Value, null, "weight");
            // An event without a weight would vanish from every row of the cut flow, "all events" included.
            if (value.Type.Kind != TypeKind.Error && value.Type.Optional)
                _diagnostics.Report(DiagnosticCatalog.OptionalWeight, w.Value.Span, value.Type);
            else if (value.Type.Kind != TypeKind.Error) _statements.Add(new Weight(w.Span, value));
        }

        private void Let(LetSyntax l)
        {
            var value = _expressions.Check(l.Value, null);
            var type = value.Type;
            if (type.Kind == TypeKind.Values)
            {
                _diagnostics.Report(DiagnosticCatalog.LetOfValues, l.Value.Span, type);
                type = HepType.Error;
            }
            if (_declarations.ClaimName(l.Name))
            {
                _symbols.Definitions[l.Name.Name] = new DefinitionSymbol(l.Name.Name, type, l.Span);
                if (_region != null) _regionDefinitions.Add(l.Name.Name);
            }
            if (type.Kind != TypeKind.Error) _statements.Add(new Definition(l.Span, l.Name.Name, value));
        }

        private void Cut(CutSyntax c)
        {
            var predicate = _expressions.CheckBool(c.Predicate, null, "cut");
            var key = (_region == null ? "" : _region + ": ") + c.Name.Name;
            if (_cutNames.TryGetValue(key, out var previous))
            {
                _diagnostics.Report(DiagnosticCatalog.DuplicateCut, c.Name.Span, c.Name.Name, previous);
                return;
            }
            _cutNames[key] = c.Span;
            if (predicate.Type.Kind == TypeKind.Error) return;
            _statements.Add(new Cut(c.Span, c.Name.Name, _cutNames.Count - 1, predicate));
            _expressions.ProvePresentFromNowOn(predicate);
        }
    }
}

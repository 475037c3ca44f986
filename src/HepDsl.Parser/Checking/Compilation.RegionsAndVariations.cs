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
    // Regions (a name scope per signal or control region) and systematic variations (weight and object variations).
    internal sealed partial class Compilation
    {
        private string? _region;
        // The presence proofs of the common selection (cuts before the first region); -1 before any region.
        private int _commonProofs = -1;
        private readonly List<string> _regionDefinitions = new List<string>();
        private readonly Dictionary<string, SourceSpan> _regions = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        private readonly Dictionary<string, SourceSpan> _variations = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);

        private void Region(RegionSyntax r)
        {
            if (_regions.TryGetValue(r.Name.Name, out var previous))
            {
                _diagnostics.Report(DiagnosticCatalog.DuplicateRegion, r.Name.Span, r.Name.Name, previous);
                return;
            }
            _regions[r.Name.Name] = r.Span;
            // A region sees the common statements and its own; the previous region's lets (so another region may
            // reuse their names) and what its cuts proved present end with it.
            foreach (var name in _regionDefinitions) _symbols.Definitions.Remove(name);
            _regionDefinitions.Clear();
            if (_commonProofs < 0) _commonProofs = _expressions.ProofCount;
            else _expressions.ForgetProofsAfter(_commonProofs);
            _region = r.Name.Name;
            _statements.Add(new RegionStart(r.Span, r.Name.Name, r.Title ?? r.Name.Name));
        }

        private bool ClaimVariation(NameToken name, IEnumerable<string> names)
        {
            foreach (var n in names)
            {
                if (n == "nominal")
                {
                    _diagnostics.Report(DiagnosticCatalog.NominalVariation, name.Span);
                    return false;
                }
                if (_variations.TryGetValue(n, out var previous))
                {
                    _diagnostics.Report(DiagnosticCatalog.DuplicateVariation, name.Span, n, previous);
                    return false;
                }
            }
            foreach (var n in names) _variations[n] = name.Span;
            return true;
        }

        private void Variation(VariationSyntax v)
        {
            var samples = v.Samples.Select(s => s.Name).ToEquatableArray();
            if (_region != null)
            {
                _diagnostics.Report(DiagnosticCatalog.VariationInRegion, v.Span, _region);
                return;
            }
            if (v.Up != null)
            {
                var up = _expressions.CheckNumber(v.Up, null, "weight variation");
                var down = v.Down == null ? null : _expressions.CheckNumber(v.Down, null, "weight variation");
                // A factor may be absent (jets[3] after a cut on four jets is always there, but the type cannot know):
                // an event without it is dropped from that variation's pass, like a cut that needs a missing value.
                if (up.Type.Kind == TypeKind.Error || (down != null && down.Type.Kind == TypeKind.Error)) return;
                var names = down == null ? new[] { v.Name.Name } : new[] { v.Name.Name + "_up", v.Name.Name + "_down" };
                if (ClaimVariation(v.Name, names)) _statements.Add(new WeightVariation(v.Span, v.Name.Name, samples, up, down));
                return;
            }
            // An object variation: every later statement sees the varied field, so it comes before them.
            var firstEvent = _statements.FirstOrDefault(s => !(s is ObjectVariation));
            if (firstEvent != null)
            {
                _diagnostics.Report(DiagnosticCatalog.BadVariation, v.Span, firstEvent.Span);
                return;
            }
            if (!_symbols.Collections.TryGetValue(v.Collection!.Name, out var c))
            {
                _diagnostics.Report(DiagnosticCatalog.UnknownCollection, v.Collection.Span, v.Collection.Name, Suggestions.For(v.Collection.Name, _symbols.Collections.Keys));
                return;
            }
            if (c.Kind != CollectionKind.Source || !c.FieldsByName.TryGetValue(v.Field!.Name, out var field) || field.Branch == null)
            {
                if (c.Kind != CollectionKind.Source) _diagnostics.Report(DiagnosticCatalog.VariationOfDerivedCollection, v.Field!.Span, c.Name);
                else _diagnostics.Report(DiagnosticCatalog.VariationOfUnknownField, v.Field!.Span, c.Name, v.Field.Name,
                    Suggestions.For(v.Field.Name, c.Fields.Where(f => f.Branch != null).Select(f => f.Name)));
                return;
            }
            var variable = _symbols.FreshVariable("it");
            _expressions.AllowRandom = true;
            _expressions.UsedRandom = false;
            var value = _expressions.Check(v.Value!, new Scope(null, "it", variable, HepType.ObjectOf(c.Name), true));
            _expressions.AllowRandom = false;
            var random = _expressions.UsedRandom;
            _expressions.UsedRandom = false;
            if (value.Type.Kind == TypeKind.Error) return;
            value = _expressions.RequireNumber(value, "varied field");
            if (value.Type.Kind == TypeKind.Error) return;
            if (value.Type.Optional)
            {
                _diagnostics.Report(DiagnosticCatalog.OptionalVariedField, v.Value!.Span, value.Type);
                return;
            }
            // The varied value is stored in the field's own type: a real value in an integer field would be truncated.
            if (field.Type.Kind == TypeKind.Int && value.Type.Kind != TypeKind.Int)
            {
                _diagnostics.Report(DiagnosticCatalog.RealForIntegerField, v.Value!.Span, field.Name, value.Type);
                return;
            }
            var identity = new List<Expr>();
            if (random)
            {
                foreach (var name in new[] { "run", "luminosityBlock", "event" })
                {
                    if (!_symbols.Branches.ContainsKey(name))
                    {
                        _diagnostics.Report(DiagnosticCatalog.RandomWithoutIdentity, v.Value!.Span, name);
                        return;
                    }
                    identity.Add(_expressions.Check(new NameSyntax(v.Value!.Span, name), null));
                }
            }
            _symbols.Usage.Field(c.Name, field.Name);
            if (ClaimVariation(v.Name, new[] { v.Name.Name }))
                _statements.Add(new ObjectVariation(v.Span, v.Name.Name, samples, c.Name, field.Name, variable, value, identity.ToEquatableArray()));
        }
    }
}

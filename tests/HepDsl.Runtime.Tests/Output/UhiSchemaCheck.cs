using System.Text.Json;
using HepDsl.Runtime.Tests.Support;

namespace HepDsl.Runtime.Tests.Output;

/// <summary>
/// A check of histograms.json against the structural rules the UHI schema file states (read from
/// /work/shared/docs/uhi/histogram.schema.json, so a drift on either side fails): allowed and required keys
/// of a histogram, of each axis type and of each storage type, constants, and value types. Dense storage only.
/// </summary>
public sealed class UhiSchemaCheck
{
    private readonly JsonElement _histogram;
    private readonly JsonElement _defs;

    public UhiSchemaCheck()
    {
        var path = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "docs", "uhi", "histogram.schema.json"));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement.Clone();
        _histogram = root.GetProperty("patternProperties").GetProperty(".+");
        _defs = root.GetProperty("$defs");
    }

    public void Check(JsonElement document)
    {
        Assert.Equal(JsonValueKind.Object, document.ValueKind);
        foreach (var entry in document.EnumerateObject())
        {
            Assert.NotEqual("", entry.Name);
            CheckHistogram(entry.Name, entry.Value);
        }
    }

    private void CheckHistogram(string name, JsonElement h)
    {
        CheckKeys(name, h, _histogram);
        var properties = _histogram.GetProperty("properties");
        if (h.TryGetProperty("uhi_schema", out var version))
            Assert.Equal(properties.GetProperty("uhi_schema").GetProperty("const").GetInt32(), version.GetInt32());
        if (h.TryGetProperty("metadata", out var metadata)) CheckMetadata(name, metadata);
        if (h.TryGetProperty("writer_info", out var info))
            foreach (var library in info.EnumerateObject()) CheckMetadata(name + " writer_info", library.Value);

        var shape = new List<int>();
        foreach (var axis in h.GetProperty("axes").EnumerateArray())
        {
            var type = axis.GetProperty("type").GetString()!;
            var def = Definition(name, type + "_axis", properties.GetProperty("axes").GetProperty("items").GetProperty("oneOf"));
            CheckKeys($"{name} {type} axis", axis, def);
            foreach (var flag in new[] { "underflow", "overflow", "circular" })
                if (axis.TryGetProperty(flag, out var f)) Assert.True(f.ValueKind is JsonValueKind.True or JsonValueKind.False, $"{name}: {flag} must be boolean");
            if (axis.TryGetProperty("metadata", out var m)) CheckMetadata(name + " axis", m);
            if (axis.TryGetProperty("writer_info", out var axisInfo))
                foreach (var library in axisInfo.EnumerateObject()) CheckMetadata(name + " axis writer_info", library.Value);
            var bins = type switch
            {
                "regular" => axis.GetProperty("bins").GetInt32(),
                "variable" => axis.GetProperty("edges").GetArrayLength() - 1,
                _ => throw new InvalidOperationException($"{name}: HepDsl writes only regular and variable axes, found {type}"),
            };
            if (type == "regular") Assert.True(axis.GetProperty("upper").GetDouble() > axis.GetProperty("lower").GetDouble());
            else
            {
                var edges = axis.GetProperty("edges").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.True(edges.Zip(edges.Skip(1)).All(p => p.Second > p.First), $"{name}: edges must increase");
            }
            Assert.True(bins >= 0);
            shape.Add(bins + (axis.GetProperty("underflow").GetBoolean() ? 1 : 0) + (axis.GetProperty("overflow").GetBoolean() ? 1 : 0));
        }

        var storage = h.GetProperty("storage");
        var storageType = storage.GetProperty("type").GetString()!;
        var storageDef = Definition(name, storageType + "_storage", properties.GetProperty("storage").GetProperty("oneOf"));
        CheckKeys($"{name} {storageType} storage", storage, storageDef);
        // Dense form: the oneOf alternative that requires data arrays but not "index".
        var dense = storageDef.GetProperty("oneOf").EnumerateArray()
            .Single(alt => alt.TryGetProperty("not", out _)).GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Equal(dense.Order(), storage.EnumerateObject().Select(p => p.Name).Order());
        foreach (var array in dense.Where(k => k != "type")) CheckArrayShape($"{name} storage {array}", storage.GetProperty(array), shape, 0);
    }

    private JsonElement Definition(string owner, string defName, JsonElement oneOf)
    {
        var refs = oneOf.EnumerateArray().Select(r => r.GetProperty("$ref").GetString()).ToList();
        Assert.True(refs.Contains("#/$defs/" + defName), $"{owner}: '{defName}' is not a type the schema allows ({string.Join(", ", refs)})");
        var def = _defs.GetProperty(defName);
        return def;
    }

    /// <summary>Every required key present, no key the definition does not list, "const" values respected.</summary>
    private static void CheckKeys(string owner, JsonElement value, JsonElement def)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        var properties = def.GetProperty("properties");
        if (def.TryGetProperty("required", out var required))
            foreach (var key in required.EnumerateArray())
                Assert.True(value.TryGetProperty(key.GetString()!, out _), $"{owner}: required key '{key.GetString()}' missing");
        Assert.False(def.GetProperty("additionalProperties").GetBoolean());
        foreach (var p in value.EnumerateObject())
        {
            Assert.True(properties.TryGetProperty(p.Name, out var spec), $"{owner}: key '{p.Name}' is not in the schema");
            if (spec.TryGetProperty("const", out var constant))
                Assert.Equal(constant.GetRawText(), p.Value.GetRawText());
            if (spec.TryGetProperty("type", out var type))
                Assert.True(Matches(type.GetString()!, p.Value), $"{owner}: '{p.Name}' should be {type.GetString()}, is {p.Value.ValueKind}");
        }
    }

    private static bool Matches(string type, JsonElement v) => type switch
    {
        "string" => v.ValueKind == JsonValueKind.String,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => v.ValueKind == JsonValueKind.Object,
        "array" => v.ValueKind == JsonValueKind.Array,
        _ => false,
    };

    private static void CheckMetadata(string owner, JsonElement metadata)
    {
        Assert.Equal(JsonValueKind.Object, metadata.ValueKind);
        foreach (var p in metadata.EnumerateObject())
            Assert.True(p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False,
                $"{owner}: metadata '{p.Name}' must be a string, number or boolean");
    }

    private static void CheckArrayShape(string owner, JsonElement array, IReadOnlyList<int> shape, int depth)
    {
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.True(array.GetArrayLength() == shape[depth], $"{owner}: dimension {depth} has {array.GetArrayLength()} entries, axes need {shape[depth]}");
        foreach (var item in array.EnumerateArray())
            if (depth + 1 < shape.Count) CheckArrayShape(owner, item, shape, depth + 1);
            else Assert.Equal(JsonValueKind.Number, item.ValueKind);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace HepDsl.Runtime.Distributed;

/// <summary>
/// Compile-time JSON contracts of the wire types a host reads and writes on every invocation, so a cold host does not
/// build them by reflection before answering its first event (it did, for 100–300 ms). Same settings as
/// <see cref="PayloadJson.Options"/>; other types still go through reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InvocationPayload))]
[JsonSerializable(typeof(InvocationResponse))]
[JsonSerializable(typeof(FunctionError))]
internal sealed partial class PayloadJsonContext : JsonSerializerContext;

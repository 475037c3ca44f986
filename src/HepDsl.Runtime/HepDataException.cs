namespace HepDsl.Runtime;

/// <summary>
/// Bad or unsupported input: the message names the file and, where known, the branch, basket or offset. Every layer
/// throws it (byte sources, decompression, the ROOT reader, execution), so it lives at the root of the runtime.
/// </summary>
public class HepDataException(string message, Exception? inner = null) : Exception(message, inner);

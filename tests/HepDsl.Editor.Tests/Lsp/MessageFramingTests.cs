using System.Text;
using System.Text.Json.Nodes;
using HepDsl.LanguageServer;
using HepDsl.LanguageServer.Protocol;

namespace HepDsl.Editor.Tests.Lsp;

/// <summary>The Content-Length framing: well-formed messages round-trip; broken input ends the server with a reason, never a hang.</summary>
public sealed class MessageFramingTests
{
    private static byte[] Frame(string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return [.. Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n"), .. body];
    }

    [Fact]
    public async Task Messages_with_multibyte_text_round_trip_through_the_framing()
    {
        var output = new MemoryStream();
        new MessageStream(Stream.Null, output).Write(new JsonObject { ["text"] = "η → μμ" });
        var read = await new MessageStream(new MemoryStream(output.ToArray()), Stream.Null).ReadAsync();
        Assert.Equal("η → μμ", (string)read!["text"]!);
        Assert.StartsWith($"Content-Length: {Encoding.UTF8.GetByteCount("{\"text\":\"η → μμ\"}")}\r\n\r\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    private static async Task<(int Code, string Log, string Output)> Serve(byte[] input)
    {
        var output = new MemoryStream();
        var log = new StringWriter();
        var code = await new HepLanguageServer(new MemoryStream(input), output, log).RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (code, log.ToString(), Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public async Task A_body_that_is_not_json_stops_the_server_with_a_message()
    {
        var (code, log, _) = await Serve(Frame("{not json"));
        Assert.Equal(1, code);
        Assert.Contains("a message body is not JSON", log);
    }

    [Fact]
    public async Task A_bad_length_header_stops_the_server_with_a_message()
    {
        var (code, log, _) = await Serve(Encoding.ASCII.GetBytes("Content-Length: lots\r\n\r\n{}"));
        Assert.Equal(1, code);
        Assert.Contains("bad Content-Length header 'Content-Length: lots'", log);
    }

    [Fact]
    public async Task Input_ending_inside_a_body_stops_the_server_instead_of_waiting()
    {
        var full = Frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}");
        var (code, log, _) = await Serve(full[..^5]);
        Assert.Equal(1, code);
        Assert.Contains("the input ended inside a message body", log);
    }

    [Fact]
    public async Task Shutdown_then_exit_ends_with_0_and_exit_alone_with_1()
    {
        var input = Frame("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}").Concat(Frame("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}")).ToArray();
        var (code, _, output) = await Serve(input);
        Assert.Equal(0, code);
        Assert.Contains("\"id\":1,\"result\":null", output);
        (code, _, _) = await Serve(Frame("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}"));
        Assert.Equal(1, code);
    }
}

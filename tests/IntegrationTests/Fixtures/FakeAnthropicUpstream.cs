using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// Anthropic's Messages API on 127.0.0.1 over real HTTP (<c>POST /v1/messages</c>, a JSON answer or its event stream),
/// so the gateway's real Anthropic SDK code path runs. Like <see cref="FakeOpenAiUpstream"/>, each request is scripted
/// by a tag in the text of its last user message — <c>[[anthropic:tools]]</c>, <c>[[anthropic:529]]</c>... — and the
/// rest of that text (unique per test) keys the request counts and the record of what arrived.
/// </summary>
public sealed partial class FakeAnthropicUpstream : IAsyncDisposable
{
    public const string AnswerText = "Fake Anthropic answer, nothing secret in it.";
    public const string AnswerModel = "claude-fake-answering";
    public const string ApiKey = "sk-ant-fake-key-for-integration-tests";

    public const int InputTokens = 13;
    public const int CacheCreationTokens = 2;
    public const int CacheReadTokens = 4;
    public const int OutputTokens = 9;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastBodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Dictionary<string, string>> _lastHeaders = new(StringComparer.Ordinal);

    private FakeAnthropicUpstream(WebApplication app)
    {
        _app = app;
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public static async Task<FakeAnthropicUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeAnthropicUpstream(app);
        app.MapPost("/v1/messages", upstream.HandleAsync);
        await app.StartAsync();
        upstream.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return upstream;
    }

    /// <summary>A prompt no other test sends, carrying a scenario tag.</summary>
    public static string Prompt(string scenario, string text = "Say something short") =>
        $"{text} [[anthropic:{scenario}]] {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    public int Attempts(string prompt) => _attempts.TryGetValue(prompt, out var count) ? count : 0;

    /// <summary>The JSON body of the last request with this prompt, as the gateway's Anthropic SDK sent it.</summary>
    public JsonDocument LastRequest(string prompt) => JsonDocument.Parse(_lastBodies[prompt]);

    /// <summary>The headers of the last request with this prompt (names in lower case).</summary>
    public IReadOnlyDictionary<string, string> LastHeaders(string prompt) => _lastHeaders[prompt];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }

        using var request = JsonDocument.Parse(body);
        var prompt = LastUserText(request.RootElement);
        _lastBodies[prompt] = body;
        _lastHeaders[prompt] = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        _attempts.AddOrUpdate(prompt, 1, (_, count) => count + 1);
        var stream = request.RootElement.TryGetProperty("stream", out var flag) && flag.ValueKind == JsonValueKind.True;
        var scenario = ScenarioTag().Match(prompt) is { Success: true } match ? match.Groups[1].Value : "ok";

        switch (scenario)
        {
            case "400":
                // The client's own mistake in Anthropic's words, which quote what the client sent (here: a secret).
                await WriteErrorAsync(http, 400, "invalid_request_error", $"tools.0.name: '{FakeOpenAiUpstream.Secret}' does not match the pattern.");
                return;
            case "529":
                await WriteErrorAsync(http, 529, "overloaded_error", "Overloaded");
                return;
            case "500":
                await WriteErrorAsync(http, 500, "api_error", "Internal server error");
                return;
        }

        var tools = scenario == "tools";
        var text = scenario switch
        {
            "secret" => $"Here is the key {FakeOpenAiUpstream.Secret} you asked for.",
            "tools" => "Let me look that up.",
            _ => AnswerText,
        };
        var arguments = $$"""{"key":"{{FakeOpenAiUpstream.Secret}}","city":"Paris"}""";
        var stopReason = tools ? "tool_use" : "end_turn";
        if (!stream)
        {
            var content = tools
                ? $$"""[{"type":"text","text":{{Json(text)}}},{"type":"tool_use","id":"toolu_1","name":"lookup","input":{{arguments}}}]"""
                : $$"""[{"type":"text","text":{{Json(text)}}}]""";
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync($$"""{"id":"msg_1","type":"message","role":"assistant","model":"{{AnswerModel}}","content":{{content}},"stop_reason":"{{stopReason}}","stop_sequence":null,"usage":{{Usage(OutputTokens)}}}""");
            return;
        }

        http.Response.ContentType = "text/event-stream";
        await EventAsync(http, "message_start", $$$"""{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"{{{AnswerModel}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{{{Usage(1)}}}}}""");
        await EventAsync(http, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""");
        await EventAsync(http, "ping", """{"type":"ping"}""");

        // A secret is cut in two across events; other text goes in eight-character pieces.
        var pieces = scenario == "secret"
            ? [text[..(text.IndexOf(FakeOpenAiUpstream.Secret, StringComparison.Ordinal) + 8)], text[(text.IndexOf(FakeOpenAiUpstream.Secret, StringComparison.Ordinal) + 8)..]]
            : Pieces(text, 8);
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            if (i == 2 && scenario == "cut")
            {
                // Long enough for the gateway to have the first pieces (so the stream has begun), then the connection drops.
                await Task.Delay(300, http.RequestAborted);
                http.Abort();
                return;
            }

            if (i == 2 && scenario == "error-event")
            {
                // What Anthropic sends when it fails after the stream began (e.g. overloaded): an error event, then nothing.
                await EventAsync(http, "error", $$$"""{"type":"error","error":{"type":"overloaded_error","message":"scripted upstream failure {{{GatewayApiFactory.PromptMarker}}}"}}""");
                return;
            }

            await EventAsync(http, "content_block_delta", $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{{Json(piece)}}}}}""");
        }

        await EventAsync(http, "content_block_stop", """{"type":"content_block_stop","index":0}""");
        if (tools)
        {
            await EventAsync(http, "content_block_start", """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"lookup","input":{}}}""");
            foreach (var piece in Pieces(arguments, 7))
            {
                await EventAsync(http, "content_block_delta", $$$"""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":{{{Json(piece)}}}}}""");
            }

            await EventAsync(http, "content_block_stop", """{"type":"content_block_stop","index":1}""");
        }

        await EventAsync(http, "message_delta", $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}","stop_sequence":null},"usage":{"output_tokens":{{{OutputTokens}}}}}""");
        await EventAsync(http, "message_stop", """{"type":"message_stop"}""");
    }

    private static string Usage(int outputTokens) =>
        $$"""{"input_tokens":{{InputTokens}},"cache_creation_input_tokens":{{CacheCreationTokens}},"cache_read_input_tokens":{{CacheReadTokens}},"output_tokens":{{outputTokens}}}""";

    private static string Json(string text) => JsonSerializer.Serialize(text);

    private static async Task EventAsync(HttpContext http, string name, string data)
    {
        await http.Response.WriteAsync($"event: {name}\ndata: {data}\n\n");
        await http.Response.Body.FlushAsync();
    }

    private static async Task WriteErrorAsync(HttpContext http, int status, string type, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$$"""{"type":"error","error":{"type":"{{{type}}}","message":{{{Json(message)}}}}}""");
    }

    private static List<string> Pieces(string text, int size)
    {
        var pieces = new List<string>();
        for (var i = 0; i < text.Length; i += size)
        {
            pieces.Add(text.Substring(i, Math.Min(size, text.Length - i)));
        }

        return pieces;
    }

    /// <summary>The text of the last user message: its string content, or its last text block (tool results come before it).</summary>
    private static string LastUserText(JsonElement request)
    {
        var last = string.Empty;
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            if (message.GetProperty("role").GetString() != "user")
            {
                continue;
            }

            var content = message.GetProperty("content");
            if (content.ValueKind == JsonValueKind.String)
            {
                last = content.GetString()!;
                continue;
            }

            foreach (var block in content.EnumerateArray())
            {
                if (block.GetProperty("type").GetString() == "text")
                {
                    last = block.GetProperty("text").GetString()!;
                }
            }
        }

        return last;
    }

    [GeneratedRegex(@"\[\[anthropic:([a-z0-9-]+)\]\]")]
    private static partial Regex ScenarioTag();
}

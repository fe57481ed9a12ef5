using System.Collections.Concurrent;
using System.Globalization;
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
/// An OpenAI-compatible server on 127.0.0.1 over real HTTP, so the gateway's real SDK code path runs. Each request
/// is scripted by a tag in its last user message — <c>[[fake:500]]</c>, <c>[[fake:hang]]</c>... — so tests running
/// in parallel on one gateway never disturb each other; the rest of the message (made unique per test) keys the
/// request counts and the record of what arrived. Several fakes can play several upstreams: <c>[[fake:500@east+west]]</c>
/// scripts only the fakes started with those names (the others answer normally).
/// </summary>
public sealed partial class FakeOpenAiUpstream : IAsyncDisposable
{
    public const string AnswerText = "Fake upstream answer, nothing secret in it.";

    /// <summary>A key every secret scanner knows (AWS's documentation example), which the fake puts into answers.</summary>
    public const string Secret = "AKIAIOSFODNN7EXAMPLE";

    /// <summary>Requests for this model always succeed: the fake then also plays a healthy further provider.</summary>
    public const string HealthyModel = "llama-test";

    /// <summary>Scenario <c>echo</c> answers this followed by the prompt.</summary>
    public const string EchoPrefix = "Fake upstream echo: ";

    private const string RedirectTarget = "/v1/redirected/chat/completions";

    public const int ReportedPromptTokens = 11;
    public const int ReportedCompletionTokens = 7;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _lastBodies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _aborted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _redirectsFollowed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Dictionary<string, string>> _lastHeaders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _firstArrivals = new(StringComparer.Ordinal);
    private readonly Regex? _ownTag;

    private FakeOpenAiUpstream(WebApplication app, string? name)
    {
        _app = app;
        _ownTag = name is null ? null : new Regex($@"\[\[fake:([a-z0-9-]+)@(?:[a-z0-9-]+\+)*{Regex.Escape(name)}(?:\+[a-z0-9-]+)*\]\]", RegexOptions.CultureInvariant);
    }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <param name="name">Also scripted by <c>[[fake:scenario@NAME]]</c> (names joined by <c>+</c>); null → only by <c>[[fake:scenario]]</c>.</param>
    public static async Task<FakeOpenAiUpstream> StartAsync(string? name = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeOpenAiUpstream(app, name);
        app.MapPost("/v1/chat/completions", upstream.HandleAsync);
        app.MapPost(RedirectTarget, upstream.HandleAsync);
        app.MapPost("/v1/embeddings", upstream.HandleEmbeddingsAsync);
        await app.StartAsync();
        upstream.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return upstream;
    }

    /// <summary>A prompt no other test sends, carrying a scenario tag.</summary>
    public static string Prompt(string scenario, string text = "Say something short") =>
        $"{text} [[fake:{scenario}]] {GatewayApiFactory.PromptMarker} {Guid.NewGuid():N}";

    /// <summary>How many requests with this prompt reached the upstream (retries included).</summary>
    public int Attempts(string prompt) => _attempts.TryGetValue(prompt, out var count) ? count : 0;

    /// <summary>When the first request with this prompt arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>); null if none did.</summary>
    public long? FirstArrival(string prompt) => _firstArrivals.TryGetValue(prompt, out var at) ? at : null;

    /// <summary>The JSON body of the last request with this prompt, as the gateway sent it.</summary>
    public JsonDocument LastRequest(string prompt) => JsonDocument.Parse(_lastBodies[prompt]);

    /// <summary>The body of the last request with this prompt, byte for byte as the gateway sent it.</summary>
    public string LastRequestBody(string prompt) => _lastBodies[prompt];

    /// <summary>The headers of the last request with this prompt (names in lower case), as the gateway sent them.</summary>
    public IReadOnlyDictionary<string, string> LastHeaders(string prompt) => _lastHeaders[prompt];

    /// <summary>True when a request with this prompt arrived at the address scenario <c>redirect</c> redirects to.</summary>
    public bool RedirectFollowed(string prompt) => _redirectsFollowed.ContainsKey(prompt);

    /// <summary>True once the gateway dropped the connection of a request with this prompt before its answer ended.</summary>
    public bool WasAborted(string prompt) => _aborted.ContainsKey(prompt);

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
        var prompt = LastUserMessage(request.RootElement);
        if (http.Request.Path == RedirectTarget)
        {
            _redirectsFollowed[prompt] = true;
            await WriteCompletionAsync(http, AnswerText, reportUsage: true);
            return;
        }

        _lastBodies[prompt] = body;
        _lastHeaders[prompt] = http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        _firstArrivals.TryAdd(prompt, System.Diagnostics.Stopwatch.GetTimestamp());
        var attempt = _attempts.AddOrUpdate(prompt, 1, (_, count) => count + 1);
        var stream = request.RootElement.TryGetProperty("stream", out var streamFlag) && streamFlag.ValueKind == JsonValueKind.True;
        var includeUsage = request.RootElement.TryGetProperty("stream_options", out var options)
            && options.TryGetProperty("include_usage", out var usageFlag) && usageFlag.ValueKind == JsonValueKind.True;
        var scenario = ScenarioOf(prompt);
        if (request.RootElement.GetProperty("model").GetString() == HealthyModel)
        {
            // A second provider in the chain, healthy whatever the first one does.
            scenario = "ok";
        }

        using var abortWatch = http.RequestAborted.Register(() => _aborted[prompt] = true);

        // "usage-<n>": report n prompt tokens and as many completion tokens as the request allowed (max_completion_tokens).
        var usage = (Prompt: ReportedPromptTokens, Completion: ReportedCompletionTokens);
        if (scenario.StartsWith("usage-", StringComparison.Ordinal))
        {
            usage = (int.Parse(scenario["usage-".Length..], CultureInfo.InvariantCulture), request.RootElement.GetProperty("max_completion_tokens").GetInt32());
        }

        switch (scenario)
        {
            case "500":
                await WriteErrorAsync(http, StatusCodes.Status500InternalServerError, retryAfterSeconds: null);
                return;
            case "429once" when attempt == 1:
                await WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, retryAfterSeconds: 1);
                return;
            case "429long":
                await WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, retryAfterSeconds: 120);
                return;
            case "hang":
                await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            case "redirect":
                // A 307 keeps method and body: a client that follows it sends the prompt to wherever Location points.
                http.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                http.Response.Headers.Location = RedirectTarget;
                return;
            case "malformed":
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("{\"id\": \"chatcmpl-x\", \"choices\": [ {\"message\": ");
                return;
            case "400":
                // The client's own mistake, in OpenAI's words — which quote what the client sent (here: a secret).
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync($$$"""{"error":{"message":"Invalid value for 'tools[0]': {{{Secret}}} is not a function name.","type":"invalid_request_error","param":"tools[0].function.name","code":"invalid_value"}}""");
                return;
            case "tools" or "json" or "choices" or "echo-last-choice" or "odd-model":
                await WriteStructuredAsync(http, scenario, stream, request.RootElement, prompt);
                return;
        }

        var answer = scenario switch
        {
            "secret" => $"Here is the key {Secret} you asked for.",

            // The answer names its request, so a client can tell that it got its own answer and not another's.
            "echo" => $"{EchoPrefix}{prompt}",
            _ => AnswerText,
        };
        if (!stream)
        {
            await WriteCompletionAsync(http, answer, reportUsage: scenario != "no-usage", usage);
            return;
        }

        // The secret is cut in two across chunk boundaries; other answers go in five-character pieces.
        var chunks = scenario == "secret"
            ? SplitAt(answer, answer.IndexOf(Secret, StringComparison.Ordinal) + 8)
            : Pieces(answer, 5);
        // "slow": 25,000 characters over 10 s — longer than the filter's longest hold-back, so text reaches the client early.
        var delay = scenario == "slow" ? TimeSpan.FromMilliseconds(20) : TimeSpan.Zero;
        if (scenario == "slow")
        {
            chunks = Pieces(string.Concat(Enumerable.Repeat("tick ", 5000)), 50);
        }

        // "overrun": a provider that ignores max_completion_tokens — 400 words, whatever the request allowed.
        if (scenario == "overrun")
        {
            chunks = Pieces(string.Concat(Enumerable.Repeat(" word", 400)), 20);
        }

        http.Response.ContentType = "text/event-stream";
        for (var i = 0; i < chunks.Count; i++)
        {
            if (scenario == "cut" && i == 2)
            {
                // Long enough for the gateway to have the first chunks (so the stream has begun), then the connection drops.
                await Task.Delay(300, http.RequestAborted);
                http.Abort();
                return;
            }

            if (scenario == "error-event" && i == 2)
            {
                // What OpenAI sends when it fails after the stream began: an event holding an error object, then the end.
                await WriteEventAsync(http, "{\"error\":{\"message\":\"scripted upstream failure\",\"type\":\"server_error\",\"code\":null}}");
                return;
            }

            await WriteEventAsync(http, Chunk($"{{\"role\":\"assistant\",\"content\":{JsonSerializer.Serialize(chunks[i])}}}", finishReason: null));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, http.RequestAborted);
            }
        }

        await WriteEventAsync(http, Chunk("{}", finishReason: "stop"));
        if (includeUsage && scenario != "no-usage")
        {
            await WriteEventAsync(http, $"{{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-fake-served\",\"choices\":[],\"usage\":{Usage(usage.Prompt, usage.Completion)}}}");
        }

        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    /// <summary>The vector every input is answered with: three floats, exact in float32 and in JSON.</summary>
    public static readonly float[] Embedding = [0.5f, -0.25f, 0.125f];

    public const int ReportedEmbeddingTokens = 5;

    /// <summary>This fake's scenario for a prompt: its own tag (<c>[[fake:500@east]]</c>), else the common one, else <c>ok</c>.</summary>
    private string ScenarioOf(string prompt) =>
        _ownTag?.Match(prompt) is { Success: true } own ? own.Groups[1].Value
        : ScenarioTag().Match(prompt) is { Success: true } match ? match.Groups[1].Value
        : "ok";

    /// <summary>
    /// <c>/v1/embeddings</c>, keyed by the first input (a string): scenario <c>400</c> refuses it as OpenAI does, <c>500</c>
    /// fails as a server error; anything else answers <see cref="Embedding"/> for every input, base64 or float as
    /// <c>encoding_format</c> asks.
    /// </summary>
    private async Task HandleEmbeddingsAsync(HttpContext http)
    {
        string body;
        using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }

        using var request = JsonDocument.Parse(body);
        var input = request.RootElement.GetProperty("input");
        var inputs = input.ValueKind == JsonValueKind.Array ? input.GetArrayLength() : 1;
        var key = input.ValueKind == JsonValueKind.Array ? input[0].ToString() : input.GetString()!;
        _lastBodies[key] = body;
        _attempts.AddOrUpdate(key, 1, (_, count) => count + 1);
        switch (ScenarioOf(key))
        {
            case "400":
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync("""{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":"input","code":null}}""");
                return;
            case "500":
                await WriteErrorAsync(http, StatusCodes.Status500InternalServerError, retryAfterSeconds: null);
                return;
        }

        var base64 = request.RootElement.TryGetProperty("encoding_format", out var format) && format.GetString() == "base64";
        var vector = base64
            ? JsonSerializer.Serialize(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Embedding.AsSpan())))
            : JsonSerializer.Serialize(Embedding);
        var data = string.Join(',', Enumerable.Range(0, inputs).Select(i => $$"""{"object":"embedding","index":{{i}},"embedding":{{vector}}}"""));
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$$"""{"object":"list","data":[{{{data}}}],"model":"text-embedding-fake","usage":{"prompt_tokens":{{{ReportedEmbeddingTokens}}},"total_tokens":{{{ReportedEmbeddingTokens}}}}}""");
    }

    /// <summary>A tool call whose arguments hold the secret, JSON output with the secret in a string, one choice per <c>n</c>
    /// each with the secret, or a model name with the secret in it — whole, or streamed with the secret cut across chunks.</summary>
    private static async Task WriteStructuredAsync(HttpContext http, string scenario, bool stream, JsonElement request, string prompt)
    {
        var arguments = $$"""{"key":"{{Secret}}","city":"Paris"}""";
        var json = $$"""{"note":"the key \"{{Secret}}\" is here","ok":true}""";
        var choices = request.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : 1;
        var model = scenario == "odd-model" ? $"served-by {Secret}" : "gpt-fake-served";

        // "choices": each choice carries the secret; "echo-last-choice": only the last choice repeats the prompt.
        string ChoiceText(int i) => scenario == "echo-last-choice"
            ? (i == choices - 1 ? $"{EchoPrefix}{prompt}" : AnswerText)
            : $"Choice {i}: key {Secret}.";
        if (!stream)
        {
            var items = new List<string>();
            for (var i = 0; i < choices; i++)
            {
                var message = scenario switch
                {
                    "tools" => $$$"""{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":{{{JsonSerializer.Serialize(arguments)}}}}}]}""",
                    "json" => $$$"""{"role":"assistant","content":{{{JsonSerializer.Serialize(json)}}}}""",
                    "choices" or "echo-last-choice" => $$$"""{"role":"assistant","content":{{{JsonSerializer.Serialize(ChoiceText(i))}}}}""",
                    _ => $$"""{"role":"assistant","content":"{{AnswerText}}"}""",
                };
                items.Add($$"""{"index":{{i}},"message":{{message}},"finish_reason":"{{(scenario == "tools" ? "tool_calls" : "stop")}}","logprobs":null}""");
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync($$$"""{"id":"chatcmpl-fake","object":"chat.completion","created":1,"model":"{{{model}}}","system_fingerprint":"fp_1","choices":[{{{string.Join(',', items)}}}],"usage":{{{Usage()}}}}""");
            return;
        }

        var deltas = new List<string>();
        var cut = Secret.Length / 2;
        switch (scenario)
        {
            case "tools":
                deltas.Add("""{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup","arguments":""}}]},"finish_reason":null}""");
                var at = arguments.IndexOf(Secret, StringComparison.Ordinal) + cut;
                foreach (var piece in new[] { arguments[..at], arguments[at..] })
                {
                    deltas.Add($$$"""{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":{{{JsonSerializer.Serialize(piece)}}}}}]},"finish_reason":null}""");
                }

                deltas.Add("""{"index":0,"delta":{},"finish_reason":"tool_calls"}""");
                break;
            case "json":
                foreach (var piece in Pieces(json, 7))
                {
                    deltas.Add($$$"""{"index":0,"delta":{"content":{{{JsonSerializer.Serialize(piece)}}}},"finish_reason":null}""");
                }

                deltas.Add("""{"index":0,"delta":{},"finish_reason":"stop"}""");
                break;
            default:
                // The choices interleaved, each in pieces that cut the secret.
                var texts = new List<List<string>>();
                for (var i = 0; i < choices; i++)
                {
                    texts.Add(Pieces(ChoiceText(i), 6));
                }

                for (var piece = 0; piece < texts.Max(t => t.Count); piece++)
                {
                    for (var i = 0; i < choices; i++)
                    {
                        if (piece >= texts[i].Count)
                        {
                            continue;
                        }

                        deltas.Add($$$"""{"index":{{{i}}},"delta":{"content":{{{JsonSerializer.Serialize(texts[i][piece])}}}},"finish_reason":null}""");
                    }
                }

                for (var i = 0; i < choices; i++)
                {
                    deltas.Add($$"""{"index":{{i}},"delta":{},"finish_reason":"stop"}""");
                }

                break;
        }

        http.Response.ContentType = "text/event-stream";
        foreach (var delta in deltas)
        {
            await WriteEventAsync(http, $$"""{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1,"model":"{{model}}","choices":[{{delta}}]}""");
        }

        await WriteEventAsync(http, $"{{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"{model}\",\"choices\":[],\"usage\":{Usage()}}}");
        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    private static string Chunk(string delta, string? finishReason) =>
        $"{{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-fake-served\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{(finishReason is null ? "null" : $"\"{finishReason}\"")}}}]}}";

    private static string Usage(int prompt = ReportedPromptTokens, int completion = ReportedCompletionTokens) =>
        $"{{\"prompt_tokens\":{prompt},\"completion_tokens\":{completion},\"total_tokens\":{prompt + completion}}}";

    private static async Task WriteEventAsync(HttpContext http, string json)
    {
        await http.Response.WriteAsync($"data: {json}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static Task WriteCompletionAsync(HttpContext http, string answer, bool reportUsage, (int Prompt, int Completion)? reported = null)
    {
        http.Response.ContentType = "application/json";
        var usage = reportUsage ? $",\"usage\":{Usage(reported?.Prompt ?? ReportedPromptTokens, reported?.Completion ?? ReportedCompletionTokens)}" : string.Empty;
        return http.Response.WriteAsync(
            $"{{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-fake-served\",\"choices\":[{{\"index\":0,\"message\":{{\"role\":\"assistant\",\"content\":{JsonSerializer.Serialize(answer)}}},\"finish_reason\":\"stop\"}}]{usage}}}");
    }

    private static Task WriteErrorAsync(HttpContext http, int status, int? retryAfterSeconds)
    {
        http.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync("{\"error\":{\"message\":\"scripted upstream failure\",\"type\":\"server_error\",\"code\":null}}");
    }

    private static string LastUserMessage(JsonElement request)
    {
        var last = string.Empty;
        foreach (var message in request.GetProperty("messages").EnumerateArray())
        {
            if (message.GetProperty("role").GetString() == "user")
            {
                var content = message.GetProperty("content");
                last = content.ValueKind == JsonValueKind.String
                    ? content.GetString()!
                    : string.Concat(content.EnumerateArray().Select(part => part.TryGetProperty("text", out var text) ? text.GetString() : null));
            }
        }

        return last;
    }

    private static List<string> SplitAt(string text, int index) => [text[..index], text[index..]];

    private static List<string> Pieces(string text, int size)
    {
        var pieces = new List<string>();
        for (var start = 0; start < text.Length; start += size)
        {
            pieces.Add(text.Substring(start, Math.Min(size, text.Length - start)));
        }

        return pieces;
    }

    [GeneratedRegex(@"\[\[fake:([a-z0-9-]+)\]\]")]
    private static partial Regex ScenarioTag();
}

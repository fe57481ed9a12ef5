using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using LlmGateway.Domain.Chat;
using LlmGateway.Infrastructure.Providers;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using ChatMessage = LlmGateway.Domain.Chat.ChatMessage;

namespace LlmGateway.Benchmarks;

/// <summary>
/// What the provider path costs per call (issue 7): the same chat completion (system + user message, ~370 characters,
/// as bench/load/chat.lua) sent to the same local mock upstream (<c>MOCK_URL</c>, started by bench/provider-path.sh) by
/// a raw <see cref="HttpClient"/> POST, by the OpenAI SDK over a plain pooled HttpClient, by the SDK over the provider's
/// HttpClient with its resilience pipeline (exactly as <see cref="ProviderHttpClients"/> builds it), and by the gateway's
/// adapter (<see cref="OpenAiCompatibleProvider"/>), whole and streamed. One call at a time, so the mock's time is the
/// same in every row and the differences between rows are the client side's work.
/// </summary>
[MemoryDiagnoser]
public class ProviderBenchmarks
{
    private const string Model = "gpt-4o-mini";
    private const string SystemText = "You are a concise assistant for a platform team. Answer in plain text.";
    private const string User = "Explain, in two or three sentences, how a token bucket rate limiter differs from a fixed window "
        + "counter, and when a gateway in front of language models would prefer one over the other. Mention burst handling.";

    private readonly ChatRequest _request = new(
        [new ChatMessage(ChatRole.System, SystemText), new ChatMessage(ChatRole.User, User)], Model, MaxTokens: 256);

    private readonly List<OpenAI.Chat.ChatMessage> _sdkMessages = [new SystemChatMessage(SystemText), new UserChatMessage(User)];
    private readonly ChatCompletionOptions _sdkOptions = new() { MaxOutputTokenCount = 256 };

    private ServiceProvider _services = null!;
    private HttpClient _raw = null!;
    private Uri _completions = null!;
    private ChatClient _sdkPlain = null!;
    private ChatClient _sdkResilient = null!;
    private OpenAiCompatibleProvider _provider = null!;

    [GlobalSetup]
    public void Setup()
    {
        var mock = Environment.GetEnvironmentVariable("MOCK_URL")
            ?? throw new InvalidOperationException("Set MOCK_URL to a running mock upstream's /v1 URL (bench/provider-path.sh does).");
        var endpoint = new Uri(mock.TrimEnd('/') + "/");
        _completions = new Uri(endpoint, "chat/completions");
        _raw = new HttpClient(Handler()) { Timeout = Timeout.InfiniteTimeSpan };

        var options = new ProviderOptions();
        var remote = new RemoteProvider("openai", endpoint, "bench-key", Model, UsesRequestedModel: true);
        var services = new ServiceCollection();
        var deployment = new DeploymentPlan(remote.Name, remote);
        ProviderHttpClients.Add(services, deployment, options);
        _services = services.BuildServiceProvider();
        var resilient = _services.GetRequiredService<IHttpClientFactory>().CreateClient(deployment.HttpClientName);

        _sdkPlain = Sdk(new HttpClient(Handler()) { Timeout = Timeout.InfiniteTimeSpan }, endpoint);
        _sdkResilient = Sdk(resilient, endpoint);
        _provider = new OpenAiCompatibleProvider(remote, resilient, options);

        // Every row must get the mock's answer, not a failure it could measure instead.
        Check(RawPost().GetAwaiter().GetResult());
        Check(SdkPlainHttpClient().GetAwaiter().GetResult());
        Check(SdkResilienceHandler().GetAwaiter().GetResult());
        Check(GatewayAdapter().GetAwaiter().GetResult());
        Check(RawPostStream().GetAwaiter().GetResult() > 0 ? "stream" : string.Empty);
        Check(SdkStreamResilienceHandler().GetAwaiter().GetResult() > 0 ? "stream" : string.Empty);
        Check(GatewayAdapterStream().GetAwaiter().GetResult() > 0 ? "stream" : string.Empty);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw HttpClient POST, content read with Utf8JsonReader")]
    public async Task<string> RawPost()
    {
        using var request = RawRequest(stream: false);
        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return ContentOf(bytes);
    }

    [Benchmark(Description = "SDK CompleteChatAsync, plain pooled HttpClient")]
    public async Task<string> SdkPlainHttpClient()
    {
        var result = await _sdkPlain.CompleteChatAsync(_sdkMessages, _sdkOptions);
        return result.Value.Content[0].Text;
    }

    [Benchmark(Description = "SDK CompleteChatAsync, provider HttpClient + resilience")]
    public async Task<string> SdkResilienceHandler()
    {
        var result = await _sdkResilient.CompleteChatAsync(_sdkMessages, _sdkOptions);
        return result.Value.Content[0].Text;
    }

    [Benchmark(Description = "gateway adapter CompleteAsync (SDK pipeline + resilience + own JSON)")]
    public async Task<string> GatewayAdapter()
    {
        var result = await _provider.CompleteAsync(_request, 256, CancellationToken.None);
        return result.Completion?.Text ?? string.Empty;
    }

    [Benchmark(Description = "raw HttpClient POST, stream read to [DONE], content of each event read")]
    public async Task<int> RawPostStream()
    {
        using var request = RawRequest(stream: true);
        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var chars = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal))
            {
                chars += ContentOf(System.Text.Encoding.UTF8.GetBytes(line, 6, line.Length - 6)).Length;
            }
        }

        return chars;
    }

    [Benchmark(Description = "SDK CompleteChatStreamingAsync, provider HttpClient + resilience")]
    public async Task<int> SdkStreamResilienceHandler()
    {
        var updates = 0;
        await foreach (var update in _sdkResilient.CompleteChatStreamingAsync(_sdkMessages, _sdkOptions))
        {
            updates += update.ContentUpdate.Count > 0 || update.FinishReason is not null ? 1 : 0;
        }

        return updates;
    }

    [Benchmark(Description = "gateway adapter StreamAsync (SDK pipeline + resilience + own SSE reading)")]
    public async Task<int> GatewayAdapterStream()
    {
        var result = await _provider.StreamAsync(_request, 256, CancellationToken.None);
        await using var stream = result.Stream!;
        var updates = 0;
        await foreach (var delta in stream.ReadAsync())
        {
            updates++;
        }

        return updates;
    }

    private static SocketsHttpHandler Handler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        AutomaticDecompression = DecompressionMethods.All,
    };

    private static ChatClient Sdk(HttpClient http, Uri endpoint) =>
        new(Model, new ApiKeyCredential("bench-key"), new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });

    private HttpRequestMessage RawRequest(bool stream)
    {
        var content = new ByteArrayContent(Body(stream));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, _completions) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "bench-key");
        return request;
    }

    private static byte[] Body(bool stream)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", Model);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "system");
            json.WriteString("content", SystemText);
            json.WriteEndObject();
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", User);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNumber("max_completion_tokens", 256);
            if (stream)
            {
                json.WriteBoolean("stream", true);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string ContentOf(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                return reader.GetString() ?? string.Empty;
            }
        }

        return string.Empty;
    }

    private static void Check(string answer)
    {
        if (string.IsNullOrEmpty(answer))
        {
            throw new InvalidOperationException("The mock did not answer; is MOCK_URL right?");
        }
    }
}

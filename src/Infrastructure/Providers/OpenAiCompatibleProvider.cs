using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// OpenAI, Azure OpenAI (v1 API) or any OpenAI-compatible server, over the deployment's HttpClient: the body is written
/// and the answer or event stream read by <see cref="OpenAiWireFormat"/>, the request sent with the provider's key as a
/// bearer token. No SDK client pipeline sits on this path: its request and response wrappers, policies and exceptions
/// were about 5% of a cache miss's CPU (docs/performance.md, "The request log and the SDK pipeline"). The HttpClient
/// carries this deployment's resilience pipeline (attempt timeout, jittered retries honouring Retry-After, circuit
/// breaker; see ProviderHttpClients), so a provider that keeps failing is skipped at once. Every failure is returned as
/// a value naming the provider and the kind of failure — never the provider's error body, which may echo the prompt —
/// except a refusal that is the client's own mistake (a 4xx other than 408, 409, 429), whose error body goes back to
/// that client (filtered), never to a log. The client's own request body is sent on as it came, edited only where the
/// gateway decides (<see cref="OpenAiWireFormat"/>).
/// </summary>
internal sealed class OpenAiCompatibleProvider : IChatProvider, ITracedProvider
{
    private const string DefaultEndpoint = "https://api.openai.com/v1";

    private readonly RemoteProvider _provider;
    private readonly HttpClient _chatHttp;
    private readonly HttpClient _embeddingsHttp;
    // The request body names the model, so one address serves every model the provider is asked for.
    private readonly Uri _chatUri;
    private readonly Uri _embeddingsUri;
    private readonly string _authorization;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _firstUpdateTimeout;

    /// <param name="embeddingsHttpClient">
    /// The deployment's client for embeddings, with a breaker of its own (see ProviderHttpClients); null → <paramref name="httpClient"/>.
    /// </param>
    public OpenAiCompatibleProvider(RemoteProvider provider, HttpClient httpClient, ProviderOptions options, HttpClient? embeddingsHttpClient = null)
    {
        _provider = provider;
        _chatHttp = httpClient;
        _embeddingsHttp = embeddingsHttpClient ?? httpClient;
        var root = (provider.Endpoint?.AbsoluteUri ?? DefaultEndpoint).TrimEnd('/');
        _chatUri = new Uri(root + "/chat/completions");
        _embeddingsUri = new Uri(root + "/embeddings");
        _authorization = "Bearer " + provider.ApiKey;
        _idleTimeout = TimeSpan.FromSeconds(options.StreamIdleSeconds);
        _firstUpdateTimeout = ProviderHttpClients.TotalBudget(options);
        ServerAddress = provider.Endpoint?.Host ?? "api.openai.com";
    }

    public string Name => _provider.Name;

    public string GenAiProviderName => _provider.GenAiProviderName;

    public string ConfiguredModel => _provider.Model;

    public string? ServerAddress { get; }

    public async ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        var model = ModelFor(request);
        try
        {
            var body = await PostAsync(_chatHttp, _chatUri, OpenAiWireFormat.Request(model, request, maxTokens, stream: false), cancellationToken);
            return ProviderResult.Success(OpenAiWireFormat.ReadCompletion(body).ToCompletion(_provider.Name, model, request));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult.Failed(Failure(exception));
        }
    }

    public async ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        var model = ModelFor(request);
        var updates = ReadUpdatesAsync(model, request, maxTokens, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasFirst = await updates.MoveNextAsync();
            return StreamingCallResult.Success(new StreamingCall(_provider.Name, model, updates, hasFirst));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await updates.DisposeAsync();
            return StreamingCallResult.Failed(Failure(exception));
        }
    }

    /// <summary>
    /// <c>POST /embeddings</c> with the client's body (<see cref="OpenAiWireFormat.EmbeddingsRequest"/>); the answer is
    /// relayed as it came. Failures are values, classified as for a chat completion.
    /// </summary>
    public async ValueTask<EmbeddingResult> EmbedAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var body = await PostAsync(_embeddingsHttp, _embeddingsUri, OpenAiWireFormat.EmbeddingsRequest(ModelFor(request), request), cancellationToken);
            var usage = OpenAiWireFormat.ReadEmbeddingUsage(body) is { } prompt
                ? new TokenUsage(prompt, 0, Estimated: false)
                : new TokenUsage(request.EstimatePromptTokens(), 0, Estimated: true);
            return EmbeddingResult.Success(new EmbeddingAnswer(body, _provider.Name, usage));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return EmbeddingResult.Failed(Failure(exception));
        }
    }

    /// <summary>
    /// A failure by kind only, as a description that logs and answers may carry and as <c>error.type</c> (the HTTP
    /// status when there is one, else a short name).
    /// </summary>
    internal static (string Description, string ErrorType) Classify(Exception exception) => exception switch
    {
        UpstreamStatusException refused => ($"HTTP {refused.Status}", refused.Status.ToString(CultureInfo.InvariantCulture)),
        BrokenCircuitException => ("circuit open", "circuit_open"),
        TimeoutRejectedException or TimeoutException or OperationCanceledException => ("timeout", "timeout"),
        HttpRequestException => ("connection failed", "connection_failed"),
        InvalidDataException => ("malformed answer", "incomplete_stream"),
        _ => ("malformed answer", "malformed_response"),
    };

    internal static string ErrorType(Exception exception) => Classify(exception).ErrorType;

    public string RequestModel(ChatRequest request) => ModelFor(request);

    private GatewayFailure Failure(Exception exception)
    {
        var (description, errorType) = Classify(exception);
        if (exception is UpstreamStatusException { Status: var status } refused && UpstreamError.IsClientError(status))
        {
            // The client's own mistake: its error goes back to it (filtered), and the chain tries no one else.
            return new(GatewayError.UpstreamRejected, $"{_provider.Name}: {description}")
            {
                ErrorType = errorType,
                Upstream = OpenAiWireFormat.ReadError(status, refused.Body) ?? new UpstreamError(status, $"The provider refused the request (HTTP {status}).", null, null, null),
            };
        }

        return new(GatewayError.ProviderUnavailable, $"{_provider.Name}: {description}") { ErrorType = errorType };
    }

    /// <summary>The answer's body, read whole; a status other than 2xx throws <see cref="UpstreamStatusException"/> with the error body.</summary>
    private async Task<byte[]> PostAsync(HttpClient http, Uri uri, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var message = Post(uri, body);
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.IsSuccessStatusCode ? content : throw new UpstreamStatusException((int)response.StatusCode, content);
    }

    private HttpRequestMessage Post(Uri uri, ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        message.Headers.TryAddWithoutValidation("Authorization", _authorization);
        return message;
    }

    private async IAsyncEnumerable<StreamDelta> ReadUpdatesAsync(string model, ChatRequest request, int maxTokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One timer bounds the wait for the first event (the whole retry budget) and then each silence between
        // two events; it fires as a TimeoutException, so a stalled upstream is not mistaken for a client leaving.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_firstUpdateTimeout);
        using var message = Post(_chatUri, OpenAiWireFormat.Request(model, request, maxTokens, stream: true));
        using var response = await WithTimeoutAsync(new ValueTask<HttpResponseMessage>(_chatHttp.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, idle.Token)), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new UpstreamStatusException((int)response.StatusCode, await WithTimeoutAsync(new ValueTask<byte[]>(response.Content.ReadAsByteArrayAsync(idle.Token)), cancellationToken));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(idle.Token);
        await using var events = SseParser.Create(stream, OpenAiWireFormat.ReadEvent).EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token);
        var finished = false;
        while (await WithTimeoutAsync(events.MoveNextAsync(), cancellationToken))
        {
            idle.CancelAfter(_idleTimeout);
            if (events.Current.Data is not { } delta)
            {
                break;
            }

            finished |= delta.FinishReason is not null;
            yield return delta;
        }

        // A connection cut mid-stream or a body that is no event stream at all ends the events quietly; only a
        // finish reason says the answer is whole.
        if (!finished)
        {
            throw new InvalidDataException($"The stream of provider '{_provider.Name}' ended without a finish reason.");
        }
    }

    private async ValueTask<T> WithTimeoutAsync<T>(ValueTask<T> step, CancellationToken cancellationToken)
    {
        try
        {
            return await step;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No update from provider '{_provider.Name}' in time.");
        }
    }

    private string ModelFor(ChatRequest request) => _provider.UsesRequestedModel ? request.Model : _provider.Model;

    /// <summary>An answer with a status other than 2xx, with its body: the client's own error is read from it, never logged.</summary>
    private sealed class UpstreamStatusException(int status, byte[] body) : Exception($"HTTP {status}")
    {
        public int Status { get; } = status;

        public byte[] Body { get; } = body;
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// OpenAI, Azure OpenAI (v1 API) or any OpenAI-compatible server, through the official OpenAI SDK's client
/// pipeline (endpoint, authentication, a failed status as <see cref="ClientResultException"/>); the body is written and
/// the answer or event stream read by <see cref="OpenAiWireFormat"/> instead of the SDK's typed models. The SDK's
/// own retries are off: its HTTP client comes from the factory with this provider's resilience pipeline
/// (attempt timeout, jittered retries honouring Retry-After, circuit breaker; see ProviderHttpClients), so a
/// provider that keeps failing is skipped at once. Every failure is returned as a value naming the provider
/// and the kind of failure — never the provider's error body, which may echo the prompt — except a refusal that is the
/// client's own mistake (a 4xx other than 408, 409, 429), whose error body goes back to that client (filtered), never to a log.
/// The client's own request body is sent on as it came, edited only where the gateway decides (<see cref="OpenAiWireFormat"/>).
/// </summary>
internal sealed class OpenAiCompatibleProvider : IChatProvider, ITracedProvider
{
    private readonly RemoteProvider _provider;
    // The request body names the model, so one client serves every model the provider is asked for.
    private readonly ChatClient _chat;
    private readonly EmbeddingClient _embeddings;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _firstUpdateTimeout;

    /// <param name="embeddingsHttpClient">
    /// The deployment's client for embeddings, with a breaker of its own (see ProviderHttpClients); null → <paramref name="httpClient"/>.
    /// </param>
    public OpenAiCompatibleProvider(RemoteProvider provider, HttpClient httpClient, ProviderOptions options, HttpClient? embeddingsHttpClient = null)
    {
        _provider = provider;
        _idleTimeout = TimeSpan.FromSeconds(options.StreamIdleSeconds);
        _firstUpdateTimeout = ProviderHttpClients.TotalBudget(options);
        _chat = Client(provider, httpClient).GetChatClient(provider.Model);
        _embeddings = Client(provider, embeddingsHttpClient ?? httpClient).GetEmbeddingClient(provider.Model);
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
            using var content = OpenAiWireFormat.Request(model, request, maxTokens, stream: false);
            var result = await _chat.CompleteChatAsync(content, new RequestOptions { CancellationToken = cancellationToken });
            using var response = result.GetRawResponse();
            return ProviderResult.Success(OpenAiWireFormat.ReadCompletion(response.Content.ToMemory().Span).ToCompletion(_provider.Name, model, request));
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
            using var content = OpenAiWireFormat.EmbeddingsRequest(ModelFor(request), request);
            var result = await _embeddings.GenerateEmbeddingsAsync(content, new RequestOptions { CancellationToken = cancellationToken });
            using var response = result.GetRawResponse();
            var body = response.Content.ToMemory();
            var usage = OpenAiWireFormat.ReadEmbeddingUsage(body.Span) is { } prompt
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
        ClientResultException { Status: > 0 } http => ($"HTTP {http.Status}", http.Status.ToString(CultureInfo.InvariantCulture)),
        // The SDK's transport wraps a failed connection in a ClientResultException without a status.
        ClientResultException { InnerException: HttpRequestException } => ("connection failed", "connection_failed"),
        BrokenCircuitException => ("circuit open", "circuit_open"),
        TimeoutRejectedException or TimeoutException or OperationCanceledException => ("timeout", "timeout"),
        HttpRequestException => ("connection failed", "connection_failed"),
        ClientResultException => ("no response", "no_response"),
        InvalidDataException => ("malformed answer", "incomplete_stream"),
        _ => ("malformed answer", "malformed_response"),
    };

    internal static string ErrorType(Exception exception) => Classify(exception).ErrorType;

    public string RequestModel(ChatRequest request) => ModelFor(request);

    private GatewayFailure Failure(Exception exception)
    {
        var (description, errorType) = Classify(exception);
        if (exception is ClientResultException { Status: var status } rejected && UpstreamError.IsClientError(status))
        {
            // The client's own mistake: its error goes back to it (filtered), and the chain tries no one else.
            return new(GatewayError.UpstreamRejected, $"{_provider.Name}: {description}")
            {
                ErrorType = errorType,
                Upstream = ErrorBody(rejected, status),
            };
        }

        return new(GatewayError.ProviderUnavailable, $"{_provider.Name}: {description}") { ErrorType = errorType };
    }

    private static UpstreamError ErrorBody(ClientResultException rejected, int status)
    {
        UpstreamError? error = null;
        try
        {
            if (rejected.GetRawResponse() is { } response)
            {
                error = OpenAiWireFormat.ReadError(status, response.Content.ToMemory().Span);
            }
        }
        catch (InvalidOperationException)
        {
            // A streamed response whose body was not buffered: the status alone is passed on.
        }

        return error ?? new UpstreamError(status, $"The provider refused the request (HTTP {status}).", null, null, null);
    }

    private async IAsyncEnumerable<StreamDelta> ReadUpdatesAsync(string model, ChatRequest request, int maxTokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One timer bounds the wait for the first event (the whole retry budget) and then each silence between
        // two events; it fires as a TimeoutException, so a stalled upstream is not mistaken for a client leaving.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_firstUpdateTimeout);
        using var content = OpenAiWireFormat.Request(model, request, maxTokens, stream: true);
        var result = await WithTimeoutAsync(
            new ValueTask<ClientResult>(_chat.CompleteChatAsync(content, new RequestOptions { CancellationToken = idle.Token, BufferResponse = false })),
            cancellationToken);
        using var response = result.GetRawResponse();
        await using var events = SseParser.Create(response.ContentStream ?? Stream.Null, OpenAiWireFormat.ReadEvent).EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token);
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

    private static OpenAIClient Client(RemoteProvider provider, HttpClient httpClient)
    {
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Timeouts belong to the resilience pipeline (per attempt) and to the idle timer (per chunk).
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (provider.Endpoint is { } endpoint)
        {
            options.Endpoint = endpoint;
        }

        return new OpenAIClient(new ApiKeyCredential(provider.ApiKey), options);
    }
}

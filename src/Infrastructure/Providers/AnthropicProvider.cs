using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Anthropic.Services;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// Anthropic's Messages API through the official Anthropic SDK, translated to and from chat completions by
/// <see cref="AnthropicWireFormat"/> and <see cref="AnthropicStreamReader"/>. As for the OpenAI-compatible provider, the
/// SDK's own retries and timeout are off: its HTTP client comes from the factory with this provider's resilience pipeline
/// (attempt timeout, retries of 429, 5xx and 529 overloaded, circuit breaker; see ProviderHttpClients), and a stream's
/// silences are bounded here. A 4xx other than 408, 409 and 429 is the client's mistake: its error goes back to the
/// client (filtered) and the chain tries no one else; so does a request Anthropic cannot be asked (n &gt; 1, audio parts),
/// refused before it is sent. Every other failure is a value naming the provider and the kind of failure, never the
/// provider's words.
/// </summary>
internal sealed class AnthropicProvider : IChatProvider, ITracedProvider
{
    public const string ProviderName = "anthropic";

    private const string DefaultAddress = "api.anthropic.com";

    private readonly RemoteProvider _provider;
    // The client over the factory's HttpClient lives as long as the provider, which lives as long as the process.
    private readonly IMessageService _messages;
    private readonly int? _defaultMaxTokens;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _firstUpdateTimeout;

    public AnthropicProvider(RemoteProvider provider, HttpClient httpClient, ProviderOptions options)
    {
        _provider = provider;
        _defaultMaxTokens = options.AnthropicMaxTokens;
        _idleTimeout = TimeSpan.FromSeconds(options.StreamIdleSeconds);
        _firstUpdateTimeout = ProviderHttpClients.TotalBudget(options);
        _messages = new AnthropicClient(new()
        {
            ApiKey = provider.ApiKey,
            BaseUrl = provider.Endpoint?.ToString().TrimEnd('/') ?? $"https://{DefaultAddress}",
            HttpClient = httpClient,
            MaxRetries = 0,
            // Timeouts belong to the resilience pipeline (per attempt) and to the idle timer below (per event); the SDK's
            // (until the answer's headers, and announced to the server) is set to the pipeline's whole budget, never shorter.
            Timeout = _firstUpdateTimeout,
            // The attempt's span is the gateway's (ProviderAttempt); the SDK's own spans could carry the prompt and the
            // answer (ANTHROPIC_OPEN_TELEMETRY_TRACES_CONTENT_MODE), which never go into a trace.
            OpenTelemetry = false,
        }).Messages;
        ServerAddress = provider.Endpoint?.Host ?? DefaultAddress;
    }

    public string Name => _provider.Name;

    public string GenAiProviderName => _provider.GenAiProviderName;

    public string ConfiguredModel => _provider.Model;

    public string? ServerAddress { get; }

    public string RequestModel(ChatRequest request) => _provider.Model;

    public async ValueTask<ProviderResult> CompleteAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        try
        {
            var parameters = AnthropicWireFormat.Request(_provider.Model, request, MaxTokens(request, maxTokens));
            var message = await _messages.Create(parameters, cancellationToken);
            return ProviderResult.Success(AnthropicWireFormat.ReadMessage(message).ToCompletion(_provider.Name, _provider.Model, request));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderResult.Failed(Failure(exception));
        }
    }

    public async ValueTask<StreamingCallResult> StreamAsync(ChatRequest request, int maxTokens, CancellationToken cancellationToken)
    {
        MessageCreateParams parameters;
        try
        {
            parameters = AnthropicWireFormat.Request(_provider.Model, request, MaxTokens(request, maxTokens));
        }
        catch (UnsupportedRequestException unsupported)
        {
            return StreamingCallResult.Failed(Failure(unsupported));
        }

        var updates = ReadUpdatesAsync(parameters, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var hasFirst = await updates.MoveNextAsync();
            return StreamingCallResult.Success(new StreamingCall(_provider.Name, _provider.Model, updates, hasFirst));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await updates.DisposeAsync();
            return StreamingCallResult.Failed(Failure(exception));
        }
    }

    /// <summary>
    /// Anthropic requires max_tokens: the caller's own limit when it sent one (<paramref name="maxTokens"/> is then that
    /// limit), else ANTHROPIC_MAX_TOKENS — never above the gateway's default for this caller.
    /// </summary>
    internal int MaxTokens(ChatRequest request, int maxTokens) =>
        request.MaxTokens is null && _defaultMaxTokens is { } configured ? Math.Min(configured, maxTokens) : maxTokens;

    /// <summary>A failure by kind only, as a description that logs and answers may carry and as <c>error.type</c>.</summary>
    internal static (string Description, string ErrorType) Classify(Exception exception) => exception switch
    {
        AnthropicApiException { StatusCode: var status } => ($"HTTP {(int)status}", ((int)status).ToString(CultureInfo.InvariantCulture)),
        AnthropicSseException => ("error event", "incomplete_stream"),
        AnthropicIOException { InnerException: { } inner } => OpenAiCompatibleProvider.Classify(inner),
        AnthropicIOException => ("connection failed", "connection_failed"),
        AnthropicException { InnerException: { } inner } when inner is not JsonException => OpenAiCompatibleProvider.Classify(inner),
        _ => OpenAiCompatibleProvider.Classify(exception),
    };

    private GatewayFailure Failure(Exception exception)
    {
        if (exception is UnsupportedRequestException unsupported)
        {
            // Refused before anything was sent: the client asked for something the Messages API has no place for.
            return new(GatewayError.UpstreamRejected, $"{_provider.Name}: unsupported request")
            {
                ErrorType = "400",
                Upstream = new UpstreamError(400, unsupported.Message, "invalid_request_error", unsupported.Param, "unsupported_by_provider"),
            };
        }

        var (description, errorType) = Classify(exception);
        if (exception is AnthropicApiException { StatusCode: var statusCode } rejected && UpstreamError.IsClientError((int)statusCode))
        {
            // The client's own mistake: its error goes back to it (filtered), and the chain tries no one else.
            var status = (int)statusCode;
            return new(GatewayError.UpstreamRejected, $"{_provider.Name}: {description}")
            {
                ErrorType = errorType,
                Upstream = AnthropicWireFormat.ReadError(status, rejected.ResponseBody)
                    ?? new UpstreamError(status, $"The provider refused the request (HTTP {status}).", null, null, null),
            };
        }

        return new(GatewayError.ProviderUnavailable, $"{_provider.Name}: {description}") { ErrorType = errorType };
    }

    private async IAsyncEnumerable<StreamDelta> ReadUpdatesAsync(MessageCreateParams parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One timer bounds the wait for the first event (the whole retry budget) and then each silence between two
        // events; it fires as a TimeoutException, so a stalled upstream is not mistaken for a client leaving.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_firstUpdateTimeout);
        var reader = new AnthropicStreamReader();
        await using var events = _messages.CreateStreaming(parameters, idle.Token).GetAsyncEnumerator(idle.Token);
        var started = false;
        while (await NextAsync(events, started, cancellationToken))
        {
            started = true;
            idle.CancelAfter(_idleTimeout);
            if (reader.Read(events.Current) is { } delta)
            {
                yield return delta;
            }
        }

        // A connection cut mid-stream ends the events quietly; only a stop reason says the answer is whole.
        if (!reader.Finished)
        {
            throw new InvalidDataException($"The stream of provider '{_provider.Name}' ended without a stop reason.");
        }
    }

    /// <summary>
    /// The next event. Before the first, a failure is thrown as the SDK reports it (so a 4xx stays the client's error);
    /// after it, as a broken stream without the provider's words (<see cref="InvalidDataException"/>, <see cref="TimeoutException"/>).
    /// </summary>
    private async ValueTask<bool> NextAsync(IAsyncEnumerator<RawMessageStreamEvent> events, bool started, CancellationToken cancellationToken)
    {
        try
        {
            return await events.MoveNextAsync();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No update from provider '{_provider.Name}' in time.");
        }
        catch (AnthropicException) when (started)
        {
            throw new InvalidDataException($"The stream of provider '{_provider.Name}' broke off.");
        }
    }
}

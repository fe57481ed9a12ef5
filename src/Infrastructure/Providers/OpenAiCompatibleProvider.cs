using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Runtime.CompilerServices;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using OpenAI;
using OpenAI.Chat;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SdkMessage = OpenAI.Chat.ChatMessage;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>
/// OpenAI, Azure OpenAI (v1 API) or any OpenAI-compatible server, through the official OpenAI SDK. The SDK's
/// own retries are off: its HTTP client comes from the factory with this provider's resilience pipeline
/// (attempt timeout, jittered retries honouring Retry-After, circuit breaker; see ProviderHttpClients), so a
/// provider that keeps failing is skipped at once. Every failure is returned as a value naming the provider
/// and the kind of failure — never the provider's error body, which may echo the prompt.
/// </summary>
internal sealed class OpenAiCompatibleProvider : IChatProvider, ITracedProvider
{
    private readonly RemoteProvider _provider;
    private readonly OpenAIClient _client;
    private readonly ChatClient _configuredChat;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _firstUpdateTimeout;

    public OpenAiCompatibleProvider(RemoteProvider provider, HttpClient httpClient, ProviderOptions options)
    {
        _provider = provider;
        _idleTimeout = TimeSpan.FromSeconds(options.StreamIdleSeconds);
        _firstUpdateTimeout = ProviderHttpClients.TotalBudget(options);
        var clientOptions = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Timeouts belong to the resilience pipeline (per attempt) and to the idle timer below (per chunk).
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (provider.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        _client = new OpenAIClient(new ApiKeyCredential(provider.ApiKey), clientOptions);
        _configuredChat = _client.GetChatClient(provider.Model);
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
            var result = await ChatFor(model).CompleteChatAsync(ToSdkMessages(request), ToSdkOptions(request, maxTokens), cancellationToken);
            var answer = result.Value;
            var text = TextOf(answer.Content);
            var usage = answer.Usage is { } reported
                ? new TokenUsage(reported.InputTokenCount, reported.OutputTokenCount, Estimated: false)
                : new TokenUsage(request.EstimatePromptTokens(), TokenUsage.EstimateTokens(text), Estimated: true);
            return ProviderResult.Success(new Completion(
                text,
                _provider.Name,
                string.IsNullOrEmpty(answer.Model) ? model : answer.Model,
                FinishReasonOf(answer.FinishReason),
                usage,
                Redactions: [],
                IsFallback: false));
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
        return new(GatewayError.ProviderUnavailable, $"{_provider.Name}: {description}") { ErrorType = errorType };
    }

    private async IAsyncEnumerable<StreamDelta> ReadUpdatesAsync(string model, ChatRequest request, int maxTokens, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // One timer bounds the wait for the first update (the whole retry budget) and then each silence between
        // two updates; it fires as a TimeoutException, so a stalled upstream is not mistaken for a client leaving.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_firstUpdateTimeout);
        var stream = ChatFor(model).CompleteChatStreamingAsync(ToSdkMessages(request), ToSdkOptions(request, maxTokens), idle.Token);
        await using var updates = stream.GetAsyncEnumerator(idle.Token);
        var finished = false;
        while (true)
        {
            bool more;
            try
            {
                more = await updates.MoveNextAsync();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No update from provider '{_provider.Name}' in time.");
            }

            if (!more)
            {
                // The SDK ends quietly on a connection cut mid-stream or a body that is no event stream at all;
                // only a finish reason says the answer is whole.
                if (!finished)
                {
                    throw new InvalidDataException($"The stream of provider '{_provider.Name}' ended without a finish reason.");
                }

                yield break;
            }

            idle.CancelAfter(_idleTimeout);
            var update = updates.Current;
            finished |= update.FinishReason is not null;
            yield return new StreamDelta(
                TextOf(update.ContentUpdate),
                update.FinishReason is { } reason ? FinishReasonOf(reason) : null,
                update.Usage is { } usage ? new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount, Estimated: false) : null);
        }
    }

    private string ModelFor(ChatRequest request) => _provider.UsesRequestedModel ? request.Model : _provider.Model;

    /// <summary>The configured model's client is built once (one per call cost ~2 µs and 104 B); another requested model gets its own.</summary>
    private ChatClient ChatFor(string model) =>
        string.Equals(model, _provider.Model, StringComparison.Ordinal) ? _configuredChat : _client.GetChatClient(model);

    private static List<SdkMessage> ToSdkMessages(ChatRequest request)
    {
        var messages = new List<SdkMessage>(request.Messages.Count);
        foreach (var message in request.Messages)
        {
            messages.Add(message.Role switch
            {
                ChatRole.System => new SystemChatMessage(message.Content),
                ChatRole.Assistant => new AssistantChatMessage(message.Content),
                _ => new UserChatMessage(message.Content),
            });
        }

        return messages;
    }

    private static ChatCompletionOptions ToSdkOptions(ChatRequest request, int maxTokens)
    {
        var options = new ChatCompletionOptions
        {
            MaxOutputTokenCount = maxTokens,
            Temperature = (float?)request.Temperature,
            TopP = (float?)request.TopP,
            EndUserId = request.EndUser,
        };
        if (request.Stop is { } stop)
        {
            foreach (var sequence in stop)
            {
                options.StopSequences.Add(sequence);
            }
        }

        return options;
    }

    private static string TextOf(ChatMessageContent content)
    {
        return content.Count switch
        {
            0 => string.Empty,
            1 => content[0].Text ?? string.Empty,
            _ => Concat(content),
        };

        static string Concat(ChatMessageContent content)
        {
            var parts = new string[content.Count];
            for (var i = 0; i < parts.Length; i++)
            {
                parts[i] = content[i].Text ?? string.Empty;
            }

            return string.Concat(parts);
        }
    }

    private static string FinishReasonOf(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => "stop",
    };
}

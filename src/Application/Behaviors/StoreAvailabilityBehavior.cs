namespace LlmGateway.Application.Behaviors;

/// <summary>
/// An admin call whose store cannot be reached (Redis down or slow past its timeout) is answered with 503
/// <c>store_unavailable</c> — a value, logged once as a warning — instead of an exception: the handlers do not each
/// catch it. Whatever the handler had not written yet stays unwritten.
/// </summary>
public sealed partial class StoreAvailabilityBehavior<TMessage, TResponse>(ILogger<StoreAvailabilityBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IStoreRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            return await next(message, cancellationToken);
        }
        catch (StoreUnavailableException exception)
        {
            LogStoreUnavailable(logger, exception, TMessage.Store, typeof(TMessage).Name);
            return TResponse.FromFailure(new GatewayFailure(
                GatewayError.StoreUnavailable, $"The {TMessage.Store} store cannot be reached; nothing was changed. Try again shortly."));
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "The {Store:l} store is unavailable for {Request:l}")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception, string store, string request);
}

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// Role-based access: the command's required role against the caller's; and, for a request to a model made with an API key
/// restricted to some models, the model against the key's list. 403 otherwise (naming <c>model</c> for the second).
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IAuthorizedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.AuthorizeSpan);
        var allowed = message.Caller.Role.Satisfies(TMessage.RequiredRole);
        if (span is not null)
        {
            span.SetTag("gateway.authorize.required_role", TMessage.RequiredRole.ToName());
            span.SetTag("gateway.authorize.caller_role", message.Caller.Role.ToName());
            span.SetTag("gateway.authorize.allowed", allowed);
            span.Dispose();
        }

        if (allowed)
        {
            // Only API keys with an allow-list set Models: a token's request pays one null check.
            if (message.Caller.Models is not null && message is IChatCommand chat && !message.Caller.MayUse(chat.Chat.Model))
            {
                return Decided.Refused<TResponse>(ModelNotAllowed(chat.Chat.Model));
            }

            return next(message, cancellationToken);
        }

        return Decided.Refused<TResponse>(new GatewayFailure(GatewayError.Forbidden, $"This operation requires the '{TMessage.RequiredRole.ToName()}' role."));
    }

    private static GatewayFailure ModelNotAllowed(string model) =>
        new(GatewayError.Forbidden, $"This API key may not use the model '{model}'.")
        {
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["model"] = ["The API key's models list does not include this model."] },
        };
}

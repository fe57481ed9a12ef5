namespace LlmGateway.Application.Behaviors;

/// <summary>Role-based access: the command's required role against the caller's. 403 otherwise.</summary>
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
            return next(message, cancellationToken);
        }

        return Decided.Refused<TResponse>(new GatewayFailure(GatewayError.Forbidden, $"This operation requires the '{TMessage.RequiredRole.ToName()}' role."));
    }
}

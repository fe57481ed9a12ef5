using FluentValidation;

namespace LlmGateway.Application.Behaviors;

/// <summary>Runs the message's FluentValidation validator synchronously; problems become a 400 value, not an exception.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IValidator<TMessage> validator) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IValidatedRequest, IMessage
    where TResponse : IGatewayResponse<TResponse>
{
    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var span = GatewayTelemetry.StartStage(GatewayTelemetry.ValidateSpan);
        var result = validator.Validate(message);
        if (span is not null)
        {
            span.SetTag("gateway.validate.valid", result.IsValid);
            span.SetTag("gateway.validate.error_count", result.Errors.Count);
            span.Dispose();
        }

        if (result.IsValid)
        {
            return next(message, cancellationToken);
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in result.Errors.GroupBy(e => e.PropertyName, StringComparer.Ordinal))
        {
            errors[group.Key] = [.. group.Select(e => e.ErrorMessage)];
        }

        return ValueTask.FromResult(TResponse.FromFailure(GatewayFailure.Invalid(errors)));
    }
}

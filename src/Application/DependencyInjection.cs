using FluentValidation;
using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Login;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Users;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApplicationDependencyInjection
{
    /// <summary>
    /// Validators, the API key authenticator, the guardrail-plugin runner and the time seam. Mediator itself (handlers and the pipeline order) is registered by the
    /// composition root, where its source generator runs.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IValidator<GenerateCommand>, GenerateCommandValidator>();
        services.AddSingleton<IValidator<ChatCompletionCommand>, ChatCompletionCommandValidator>();
        services.AddSingleton<IValidator<LoginCommand>, LoginCommandValidator>();
        services.AddSingleton<IValidator<CreateUserCommand>, CreateUserCommandValidator>();
        services.AddSingleton<IValidator<CreateApiKeyCommand>, CreateApiKeyCommandValidator>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<PolicyDocumentValidator>();
        services.AddSingleton<IValidator<UpdatePolicyCommand>, UpdatePolicyCommandValidator>();
        services.AddSingleton<IValidator<GetPolicyHistoryCommand>, GetPolicyHistoryCommandValidator>();
        services.AddSingleton<IValidator<RollbackPolicyCommand>, RollbackPolicyCommandValidator>();
        services.AddSingleton<IValidator<EvaluatePolicyCommand>, EvaluatePolicyCommandValidator>();
        services.AddSingleton<GatewayMetrics>(); // its IMeterFactory comes from the host (AddMetrics)
        services.AddSingleton<GuardrailRunner>(); // its GuardrailSet comes from the plugin loader (Infrastructure)
        return services;
    }
}

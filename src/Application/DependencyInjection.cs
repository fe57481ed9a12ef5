using FluentValidation;
using LlmGateway.Application.ApiKeys;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Chat;
using LlmGateway.Application.Embeddings;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Login;
using LlmGateway.Application.Policies;
using LlmGateway.Application.Spend;
using LlmGateway.Application.Teams;
using LlmGateway.Application.Users;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApplicationDependencyInjection
{
    /// <summary>
    /// The request pipeline (Mediator: handlers and behaviors), validators, the API key authenticator, the
    /// credential checks (API keys, access tokens' security stamps), the guardrail-plugin runner and the time seam. The app and the benchmarks both register it here, so there is one
    /// pipeline order.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Order = array order, first is outermost. Each behavior applies only to messages implementing its marker
        // interface; the source generator resolves that at compile time, from this literal.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.PipelineBehaviors =
            [
                typeof(AuthorizationBehavior<,>),
                typeof(CachePrefetchBehavior<,>),
                typeof(RateLimitingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(PromptInspectionBehavior<,>),
                typeof(PromptGuardBehavior<,>),
                typeof(PolicyBehavior<,>),
                typeof(CachingBehavior<,>),
                typeof(OutputGuardBehavior<,>),
                typeof(OutputFilteringBehavior<,>),
                typeof(StoreAvailabilityBehavior<,>),
            ];
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IValidator<GenerateCommand>, GenerateCommandValidator>();
        services.AddSingleton<IValidator<ChatCompletionCommand>, ChatCompletionCommandValidator>();
        services.AddSingleton<IValidator<EmbeddingsCommand>, EmbeddingsCommandValidator>();
        services.AddSingleton<IValidator<LoginCommand>, LoginCommandValidator>();
        services.AddSingleton<IValidator<CreateUserCommand>, CreateUserCommandValidator>();
        services.AddSingleton<IValidator<CreateApiKeyCommand>, CreateApiKeyCommandValidator>();
        services.AddSingleton<IValidator<RotateApiKeyCommand>, RotateApiKeyCommandValidator>();
        services.AddSingleton<IValidator<ListUsersQuery>, ListUsersQueryValidator>();
        services.AddSingleton<IValidator<UpdateUserCommand>, UpdateUserCommandValidator>();
        services.AddSingleton<IValidator<ResetPasswordCommand>, ResetPasswordCommandValidator>();
        services.AddSingleton<IValidator<ChangePasswordCommand>, ChangePasswordCommandValidator>();
        services.AddSingleton<IValidator<GetUsageQuery>, GetUsageQueryValidator>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddSingleton<EndUserIds>();
        services.AddSingleton<SpendGate>();
        services.AddSingleton<SessionAuthenticator>();
        services.AddSingleton<PolicyDocumentValidator>();
        services.AddSingleton<IValidator<GetPolicyHistoryQuery>, GetPolicyHistoryQueryValidator>();
        services.AddSingleton<IValidator<RollbackPolicyCommand>, RollbackPolicyCommandValidator>();
        services.AddSingleton<IValidator<EvaluatePolicyQuery>, EvaluatePolicyQueryValidator>();
        services.AddSingleton<IValidator<CreateTeamCommand>, CreateTeamCommandValidator>();
        services.AddSingleton<IValidator<UpdateTeamCommand>, UpdateTeamCommandValidator>();
        services.AddSingleton<IValidator<GetTeamPolicyHistoryQuery>, GetTeamPolicyHistoryQueryValidator>();
        services.AddSingleton<IValidator<RollbackTeamPolicyCommand>, RollbackTeamPolicyCommandValidator>();
        services.AddSingleton<IValidator<EvaluateTeamPolicyQuery>, EvaluateTeamPolicyQueryValidator>();
        services.AddSingleton<GatewayMetrics>(); // its IMeterFactory comes from the host (AddMetrics)
        services.AddSingleton<GuardrailRunner>(); // its GuardrailSet comes from the plugin loader (Infrastructure)
        return services;
    }
}

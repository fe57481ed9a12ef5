using LlmGateway.Api;
using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Generate;
using Mediator;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using NSwag;
using NSwag.Generation.Processors.Security;

namespace Microsoft.Extensions.DependencyInjection;

internal static class ApiDependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        // The request pipeline. Order = array order, first is outermost (DESIGN §2). Each behavior applies only
        // to messages implementing its marker interface; the source generator resolves that at compile time.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.Assemblies = [typeof(GenerateCommand).Assembly];
            options.PipelineBehaviors =
            [
                typeof(AuthorizationBehavior<,>),
                typeof(RateLimitingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(PromptInspectionBehavior<,>),
                typeof(PromptGuardBehavior<,>),
                typeof(PolicyBehavior<,>),
                typeof(CachingBehavior<,>),
                typeof(OutputGuardBehavior<,>),
                typeof(OutputFilteringBehavior<,>),
            ];
        });

        services.AddOptions<ApiOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimitsSetup>();

        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthorization();

        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Detail ??= GatewayHttp.DetailForStatus(status);
            var extensions = problem.Extensions;
            extensions.TryAdd("code", GatewayHttp.CodeForStatus(status));
            extensions.TryAdd("request_id", context.HttpContext.TraceIdentifier);
            extensions.Remove("traceId");
        });
        services.AddExceptionHandler<GatewayExceptionHandler>();

        services.AddEndpointsApiExplorer();
        services.AddOpenApiDocument(document =>
        {
            document.DocumentName = "v1";
            document.Title = "LLM Gateway";
            document.Description = "Authenticated, rate-limited, inspected, policy-checked, cached and filtered access to language models.";
            document.AddSecurity("Bearer", new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The access_token from POST /login.",
            });
            document.OperationProcessors.Add(new AspNetCoreOperationSecurityScopeProcessor("Bearer"));
        });

        return services;
    }

    private sealed class KestrelLimitsSetup(IOptions<ApiOptions> api) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions options)
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = api.Value.MaxRequestBodyBytes;
        }
    }
}

using LlmGateway.Api;
using LlmGateway.Api.Contracts;
using LlmGateway.Api.Http;
using LlmGateway.Application.Behaviors;
using LlmGateway.Application.Generate;
using Mediator;
using Microsoft.AspNetCore.Authentication;
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
        // bench/Benchmarks/Gateway.cs repeats this block (the generator reads the literal in each assembly): change both.
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Singleton;
            options.Assemblies = [typeof(GenerateCommand).Assembly];
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

        // One bearer slot for both credentials (GatewayAuthentication): gk_… → the API key handler, anything else → JwtBearer.
        services.AddAuthentication(GatewayAuthentication.Scheme)
            .AddPolicyScheme(GatewayAuthentication.Scheme, "JWT or gateway API key", options => options.ForwardDefaultSelector = GatewayAuthentication.SelectScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, JwtBearerSetup>();
        services.AddAuthorization();

        // First writer wins: /v1 problems are written in OpenAI's error shape, the rest as problem+json.
        services.AddSingleton<IProblemDetailsWriter, OpenAiErrors>();
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
                Description = "The access_token from POST /login, or a gateway API key (gk_…) from POST /admin/keys.",
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

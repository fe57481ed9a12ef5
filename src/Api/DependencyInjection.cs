using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LlmGateway.Api;
using LlmGateway.Api.Http;
using LlmGateway.Api.Telemetry;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using LlmGateway.Domain.Policies;
using LlmGateway.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ModelBinding.Validation;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

internal static class ApiDependencyInjection
{
    public static IServiceCollection AddApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration(string.Empty).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelLimitsSetup>();
        services.AddSingleton<TrustedNetworks>();
        // Replaces the host's: only a trusted network's trace context is continued (ClientTraceContext).
        services.AddSingleton<DistributedContextPropagator, ClientTraceContext>();
        services.AddSingleton<UserConcurrencyLimiter>();
        services.AddSingleton<ModelRouteServices>();
        services.AddSingleton(services => TextFingerprinter.Create(services.GetRequiredService<IOptions<ApiOptions>>().Value.LogFingerprintKey, services.GetRequiredService<ILogger<TextFingerprinter>>()));
        services.AddHostedService<FingerprintKeyAtStartup>();

        // First writer wins, so ahead of the one AddControllers adds: /v1 problems are written in OpenAI's error shape,
        // the rest as problem+json.
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
        // Bodies are read (GatewayBodyBinder) and answers written with the same source-generated options.
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => UseGatewayJson(options.SerializerOptions));
        services.AddControllers(options =>
            {
                options.ModelBinderProviders.Insert(0, new GatewayBodyBinder());
                options.Filters.Add<ClientClosedFilter>();
                options.Filters.Add<UserConcurrencyFilter>();
                options.Conventions.Add(new ErrorResponsesConvention());
            })
            .AddJsonOptions(options => UseGatewayJson(options.JsonSerializerOptions))
            // Requests are validated by the pipeline (FluentValidation), as values: MVC's model validation would only walk
            // every message of every request for attributes that are not there.
            .ConfigureApiBehaviorOptions(options => options.SuppressModelStateInvalidFilter = true);
        services.AddSingleton<IObjectModelValidator, NoModelValidation>();

        // One bearer slot for every credential (GatewayAuthentication): gk_… → the API key handler, a JWT → the JwtBearer
        // scheme of its issuer (BearerSchemes: the gateway's own, or the SSO issuer's when configured).
        services.AddAuthentication(GatewayAuthentication.Scheme)
            .AddPolicyScheme(GatewayAuthentication.Scheme, "JWT or gateway API key", _ => { })
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddOptions<PolicySchemeOptions>(GatewayAuthentication.Scheme)
            .Configure<BearerSchemes>((options, jwtSchemes) => options.ForwardDefaultSelector = http => GatewayAuthentication.SelectScheme(http, jwtSchemes));
        // How a refused token is answered is the edge's, for both JwtBearer schemes; how it is validated, Infrastructure's
        // (JwtBearerSetup, SsoBearerSetup).
        services.PostConfigureAll<JwtBearerOptions>(options => options.Events.OnChallenge = GatewayAuthentication.ChallengeAsync);
        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayAuthentication.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(TokenClaims.Role, Roles.Admin))
            .AddPolicy(GatewayAuthentication.TeamAdminPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(TokenClaims.Role, Roles.Admin, Roles.TeamAdmin));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, GatewayAuthorizationResultHandler>();

        services.AddExceptionHandler<GatewayExceptionHandler>();

        services.AddGatewayOpenApi();

        return services;
    }

    private static void UseGatewayJson(JsonSerializerOptions options)
    {
        options.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default.WithAddedModifier(StrictPolicyDocuments));
        options.AllowDuplicateProperties = false;
    }

    /// <summary>
    /// A policy document inside a request body (the candidate of /admin/policy/evaluate) refuses a field it does not have,
    /// as PUT and PATCH do (they read the document themselves and list every such field). Stored documents are read with
    /// the domain's own context, which stays lenient.
    /// </summary>
    private static void StrictPolicyDocuments(JsonTypeInfo type)
    {
        if (type.Kind == JsonTypeInfoKind.Object && type.Type.Namespace == typeof(PolicyDocument).Namespace)
        {
            type.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        }
    }

    private sealed class NoModelValidation : IObjectModelValidator
    {
        public void Validate(ActionContext actionContext, ValidationStateDictionary? validationState, string prefix, object? model)
        {
        }
    }

    /// <summary>Makes the fingerprinter at start-up, so a random key is said there, not in the middle of the first request's log.</summary>
    private sealed class FingerprintKeyAtStartup(TextFingerprinter fingerprinter) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(fingerprinter); // resolving it was the point
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class KestrelLimitsSetup(IOptions<ApiOptions> api) : IConfigureOptions<KestrelServerOptions>
    {
        public void Configure(KestrelServerOptions options)
        {
            var settings = api.Value;
            options.AddServerHeader = false;
            var limits = options.Limits;
            limits.MaxRequestBodySize = settings.MaxRequestBodyBytes;
            // Beyond these Kestrel closes new connections at once instead of holding them until memory or descriptors run out.
            limits.MaxConcurrentConnections = settings.MaxConcurrentConnections;
            limits.MaxConcurrentUpgradedConnections = settings.MaxConcurrentUpgradedConnections;
            limits.KeepAliveTimeout = TimeSpan.FromSeconds(settings.KeepAliveTimeoutSeconds);
            limits.RequestHeadersTimeout = TimeSpan.FromSeconds(settings.RequestHeadersTimeoutSeconds);
        }
    }
}

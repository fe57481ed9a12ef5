using LlmGateway.Api;
using LlmGateway.Api.Endpoints;
using LlmGateway.Api.Http;
using LlmGateway.Api.Telemetry;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayConfiguration();
builder.AddGatewayLogging();
builder.AddGatewayTelemetry();

builder.Services
    .AddApplication()
    .AddInfrastructure(builder.Configuration)
    .AddApi();

var app = builder.Build();

app.UseMiddleware<GatewayRequestMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseOpenApi(settings => settings.Path = "/openapi/{documentName}.json");
app.UseSwaggerUi(settings =>
{
    settings.Path = "/docs";
    settings.DocumentPath = "/openapi/{documentName}.json";
});

app.MapGatewayEndpoints();
app.MapPrometheusScrapingEndpoint(TelemetrySetup.MetricsPath);

return app.RunGateway();

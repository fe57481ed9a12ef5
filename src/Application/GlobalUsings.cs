// The vocabulary of every use case: results and markers, the domain's errors and roles, the ports, the mediator, logging.
global using LlmGateway.Application.Common;
global using LlmGateway.Application.Ports;
global using LlmGateway.Domain;
global using LlmGateway.Domain.Spend;
global using Mediator;
global using Microsoft.Extensions.Logging;

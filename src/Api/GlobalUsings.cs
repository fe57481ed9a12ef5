// The vocabulary of every controller and of the edge's helpers: MVC, the mediator and the wire contracts.
global using LlmGateway.Api.Contracts;
global using Mediator;
global using Microsoft.AspNetCore.Mvc;

using Bifrost.Webhook;

return await WebhookApp.RunAsync(WebhookApp.Build(args)).ConfigureAwait(false);

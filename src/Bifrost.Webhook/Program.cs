using Bifrost.Webhook;

return await WebhookApp.RunAsync(args).ConfigureAwait(false);

namespace Bifrost.Cli.Tests;

/// <summary>Sample manifests, written the way people write them.</summary>
internal static class SampleManifests
{
    public const string Deployment = """
        # the shop's web front end
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: app
                image: nginx:1.27
                args: ["--port", "8080"]
                env:
                - name: DEBUG
                  value: "false"
                ports:
                - containerPort: 8080
                resources:
                  requests:
                    cpu: 50m
                    memory: 64Mi
        """;

    public const string Service = """
        apiVersion: v1
        kind: Service
        metadata:
          name: web   # the front end's address
          namespace: shop
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        """;

    public const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
        data:
          replicas: "3"
          enabled: 'yes'
          nginx.conf: |
            server {
              listen 8080;
            }
        """;

    public const string CronJob = """
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: backup
          namespace: ops
        spec:
          schedule: "0 3 * * *"
          jobTemplate:
            spec:
              template:
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: dump
                    image: postgres:16
                    command: [pg_dumpall]
        """;

    public const string OptedOutPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: debug
          annotations:
            bifrost.io/protect: "false"
        spec:
          containers:
          - name: shell
            image: busybox
        """;

    public const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: tool
        spec:
          containers:
          - name: shell
            image: busybox
        """;

    public const string DeploymentJson = """
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": { "name": "api", "namespace": "shop" },
          "spec": {
            "selector": { "matchLabels": { "app": "api" } },
            "template": {
              "metadata": { "labels": { "app": "api" } },
              "spec": { "containers": [ { "name": "server", "image": "api:1.0", "ports": [ { "containerPort": 9090 } ] } ] }
            }
          }
        }
        """;

    public static string Stream(params string[] documents) => string.Join("\n---\n", documents) + "\n";
}

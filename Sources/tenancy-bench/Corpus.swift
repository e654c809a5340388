import Foundation

/// Generates the benchmark's inputs: realistic workspace manifests of about 2 KB each, varied so
/// that no two documents are identical (names, numbers, lists of different lengths).
enum Corpus {
    static func workspace(_ i: Int) -> String {
        let templates = ["enterprise-starter", "financial-services", "healthcare", "government"]
        let tiers = ["starter", "enterprise", "custom"]
        let teams = (0..<(2 + i % 3)).map { "      - team-\((i + $0) % 500)" }.joined(separator: "\n")
        let cidrs = (0..<(1 + i % 4)).map { "      - 10.\(i % 250).\($0 * 16).0/20" }.joined(separator: "\n")
        return """
        ---
        apiVersion: tenancy/v1
        kind: Workspace
        metadata:
          name: workspace-\(i)
          description: "Workflows of business unit \(i), managed by the platform team"
          labels:
            department: dept-\(i % 37)
            cost-center: "cc-\(1000 + i % 900)"
            environment: \(i % 5 == 0 ? "staging" : "production")
        spec:
          template: \(templates[i % templates.count])
          displayName: Workspace \(i)
          protected: \(i % 7 == 0 ? "true" : "false")
          policy:
            approvals:
              required: true
              minApprovers: \(1 + i % 3)
              approverTeams:
        \(teams)
              environments: [production, staging]
            mfa: {required: true, methods: [piv, webauthn]}
            apiKeys:
              enabled: true
              maxAge: 90d
              maxPerUser: \(3 + i % 5)
              scopes: [workflow.read, workflow.write, execution.run]
            sessionTimeout: {idle: 15m, absolute: 12h}
            allowedFileTypes: [pdf, csv, json, xlsx, png]
            maxUploadSize: 50MiB
            blockedDomains: [pastebin.com, example.invalid]
          quotas:
            users: \(50 + i % 450)
            concurrentConnections: \(100 + i % 900)
            workflows: \(200 + i % 800)
            executionsPerDay: \(10000 + i * 7 % 90000)
            storage: \(100 + i % 900)GiB
            archiveStorage: \(1 + i % 9)TiB
            cpuUnits: \(8 + i % 56)
            memory: \(16 + i % 112)GiB
            maxExecutionTime: 30m
            apiRate: {perMinute: \(600 + i % 1200), burst: \(100 + i % 200)}
          security:
            ipAllowlist:
        \(cidrs)
              - 2001:db8:\(String(i % 65536, radix: 16))::/48
            vpnRequired: \(i % 2 == 0 ? "true" : "false")
            tls: {required: true, minVersion: "1.2"}
            encryption:
              atRest: true
              inTransit: true
              keyManagement: {type: platform}
            rateLimit: {requestsPerMinute: 1200, burst: 200}
          billing:
            tier: \(tiers[i % tiers.count])\(i % tiers.count == 2 ? "\n    price: \"\(900 + i % 100).00\"" : "")
            currency: USD
            usagePricing: {perExecution: "0.002", perGiBMonth: "0.023", perThousandApiCalls: "0.40"}
            overage: {allowed: true, cap: "\(500 + i % 5000).00"}
            budgetAlerts: [50, 80, 100]
          retention:
            workflowData: 7y
            executionLogs: 1y
            auditLogs: 7y
            userData: 7y
            archive: {provider: s3, bucket: acme-archive-\(i), region: eu-west-1, compression: zstd, encryption: true}
            gdpr: {dataSubjectRequests: true, erasureWindow: 30d, portabilityFormat: json, consentRequired: true}
          notifications:
            - {event: execution.failed, integration: slack-\(i % 40)}
            - {event: quota.warning, percent: 80, integration: email-ops}
            - {event: security.alert, integration: webhook-siem}

        """
    }

    /// The teams and integrations the workspaces refer to, so that the corpus is a valid
    /// configuration (every reference resolves).
    static func supporting() -> String {
        var text = ""
        for t in 0..<500 {
            text += """
            ---
            apiVersion: tenancy/v1
            kind: Team
            metadata: {name: team-\(t)}
            spec:
              members: [lead-\(t)@example.com, dev-\(t)@example.com]
              maintainers: [lead-\(t)@example.com]

            """
        }
        for s in 0..<40 {
            text += """
            ---
            apiVersion: tenancy/v1
            kind: Integration
            metadata: {name: slack-\(s)}
            spec:
              slack: {channel: "#alerts-\(s)", webhook: {secretRef: "env:SLACK_\(s)"}}

            """
        }
        text += """
        ---
        apiVersion: tenancy/v1
        kind: Integration
        metadata: {name: email-ops}
        spec:
          email: {addresses: [ops@example.com], host: smtp.example.com, from: tenancy@example.com}
        ---
        apiVersion: tenancy/v1
        kind: Integration
        metadata: {name: webhook-siem}
        spec:
          webhook: {url: "https://siem.example.com/ingest", signingSecret: {secretRef: "env:SIEM"}}

        """
        return text
    }

    /// `count` documents, concatenated into one multi-document stream.
    static func stream(documents range: Range<Int>) -> Data {
        var text = ""
        text.reserveCapacity(range.count * 2300)
        for i in range { text += workspace(i) }
        return Data(text.utf8)
    }
}

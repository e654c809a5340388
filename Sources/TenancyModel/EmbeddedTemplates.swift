// Generated from templates/*.yaml by `TENANCY_UPDATE_GOLDEN=1 swift test --filter EmbeddedFilesTests`.
// Do not edit: edit the files in templates/ and regenerate; a test fails when the two differ.

/// The built-in templates of `templates/`, compiled into the binary.
enum EmbeddedTemplates {
    static let files: [(name: String, text: String)] = [
        ("enterprise-starter.yaml", #"""
# Sensible defaults for a business workspace, with few hard rules.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: enterprise-starter
  description: Defaults for a general business workspace; MFA and TLS enforced, everything else adjustable
spec:
  defaults:
    policy:
      approvals: {required: true, minApprovers: 1, environments: [production]}
      auditLogging: {enabled: true, level: standard}
      mfa: {required: true, methods: [totp, webauthn]}
      apiKeys: {enabled: true, maxAge: 90d, maxPerUser: 5, scopes: [workflow.read, workflow.write, execution.run]}
      sessionTimeout: {idle: 30m, absolute: 12h}
      maxUploadSize: 50MiB
    quotas:
      maxExecutionTime: 1h
      apiRate: {perMinute: 1200, burst: 200}
    security:
      tls: {required: true, minVersion: "1.2"}
      encryption: {atRest: true, inTransit: true, keyManagement: {type: platform}}
      rateLimit: {requestsPerMinute: 1200, burst: 200}
    billing:
      tier: enterprise
      currency: USD
      budgetAlerts: [50, 80, 100]
    retention:
      workflowData: 7y
      executionLogs: 1y
      auditLogs: 7y
      userData: 7y
  rules:
    - field: policy.mfa.required
      equals: true
      source: Acme security baseline SB-3 (multi-factor authentication)
    - field: security.tls.required
      equals: true
      source: Acme security baseline SB-7 (no plain-text connections)
"""#),
        ("financial-services.yaml", #"""
# PCI DSS v4.0.1 and SEC 17a-4 record keeping for workspaces that touch cardholder data or books.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: financial-services
  description: PCI DSS v4.0.1 access and logging requirements, SOX / SEC 17a-4 record retention
spec:
  defaults:
    policy:
      approvals: {required: true, minApprovers: 2, environments: [production, staging]}
      auditLogging: {enabled: true, level: detailed}
      mfa: {required: true, methods: [webauthn, totp]}
      apiKeys: {enabled: true, maxAge: 90d, maxPerUser: 2, scopes: [workflow.read, execution.run]}
      sessionTimeout: {idle: 15m, absolute: 8h}
    security:
      vpnRequired: true
      tls: {required: true, minVersion: "1.2"}
      encryption: {atRest: true, inTransit: true, keyManagement: {type: platform}}
    retention:
      workflowData: 7y
      executionLogs: 1y
      auditLogs: 7y
      userData: 7y
  rules:
    - field: policy.sessionTimeout.idle
      max: 15m
      source: PCI DSS v4.0.1 8.2.8
      reason: re-authenticate after 15 minutes idle
    - field: policy.mfa.required
      equals: true
      source: PCI DSS v4.0.1 8.4.1-8.4.3
      reason: multi-factor authentication for access to the cardholder data environment
    - field: policy.auditLogging.enabled
      equals: true
      source: PCI DSS v4.0.1 10.2.1
    - field: retention.auditLogs
      min: 1y
      source: PCI DSS v4.0.1 10.5.1
      reason: audit log history kept at least 12 months
    - field: retention.workflowData
      min: 7y
      source: SEC Rule 17a-4 / SOX section 802
      reason: books and records kept seven years
    - field: security.encryption.atRest
      equals: true
      source: PCI DSS v4.0.1 3.5.1
"""#),
        ("government.yaml", #"""
# FedRAMP Rev. 5 Moderate baseline controls that a workspace configuration can enforce.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: government
  description: FedRAMP Rev. 5 Moderate baseline (NIST SP 800-53 Rev. 5) controls
spec:
  defaults:
    policy:
      approvals: {required: true, minApprovers: 2, environments: [production, staging]}
      auditLogging: {enabled: true, level: detailed}
      mfa: {required: true, methods: [piv, webauthn]}
      apiKeys: {enabled: true, maxAge: 60d, maxPerUser: 2, scopes: [workflow.read, execution.run]}
      sessionTimeout: {idle: 15m, absolute: 12h}
      inactiveAccountsDisabledAfter: 90d
    security:
      vpnRequired: true
      tls: {required: true, minVersion: "1.2"}
      encryption: {atRest: true, inTransit: true, keyManagement: {type: platform}}
    retention:
      workflowData: 7y
      executionLogs: 1y
      auditLogs: 7y
      userData: 7y
  rules:
    - field: policy.sessionTimeout.idle
      max: 15m
      source: FedRAMP Rev5 Moderate AC-11
      reason: session lock after 15 minutes of inactivity
    - field: policy.mfa.required
      equals: true
      source: FedRAMP Rev5 Moderate IA-2(1), IA-2(2)
    - field: security.encryption.inTransit
      equals: true
      source: FedRAMP Rev5 Moderate SC-8(1)
    - field: security.encryption.atRest
      equals: true
      source: FedRAMP Rev5 Moderate SC-28(1)
    - field: policy.inactiveAccountsDisabledAfter
      max: 90d
      source: FedRAMP Rev5 Moderate AC-2(3)
    - field: retention.auditLogs
      min: 3y
      source: FedRAMP Rev5 Moderate AU-11 (NARA GRS 3.2 guidance)
      reason: audit records retained to support after-the-fact investigations
"""#),
        ("healthcare.yaml", #"""
# HIPAA Security Rule technical safeguards for workspaces that create, receive or keep ePHI.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: healthcare
  description: HIPAA Security Rule (45 CFR Part 164, Subpart C) safeguards for ePHI
spec:
  defaults:
    policy:
      approvals: {required: true, minApprovers: 1, environments: [production]}
      auditLogging: {enabled: true, level: detailed}
      mfa: {required: true, methods: [webauthn, totp]}
      apiKeys: {enabled: true, maxAge: 90d, maxPerUser: 3, scopes: [workflow.read, execution.run]}
      sessionTimeout: {idle: 15m, absolute: 8h}
    security:
      tls: {required: true, minVersion: "1.2"}
      encryption: {atRest: true, inTransit: true, keyManagement: {type: platform}}
    retention:
      workflowData: 7y
      executionLogs: 1y
      auditLogs: 7y
      userData: 7y
  rules:
    - field: policy.sessionTimeout.idle
      max: 15m
      source: HIPAA 45 CFR 164.312(a)(2)(iii)
      reason: automatic logoff after a period of inactivity
    - field: security.encryption.atRest
      equals: true
      source: HIPAA 45 CFR 164.312(a)(2)(iv)
      reason: encryption and decryption of ePHI
    - field: security.encryption.inTransit
      equals: true
      source: HIPAA 45 CFR 164.312(e)(2)(ii)
      reason: transmission security
    - field: policy.auditLogging.enabled
      equals: true
      source: HIPAA 45 CFR 164.312(b)
      reason: audit controls
    - field: retention.auditLogs
      min: 6y
      source: HIPAA 45 CFR 164.316(b)(2)(i)
      reason: documentation kept six years
"""#),
    ]
}

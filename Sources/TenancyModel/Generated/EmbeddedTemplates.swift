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
  visibility: public
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
    plugins:
      - {name: slack, version: "^2.1", settings: {channelPrefix: tenancy-}}
      - {name: github, version: ">=3.0, <4"}
    workflowTemplates:
      - {name: employee-onboarding, source: "catalog:employee-onboarding@2", parameters: {approvalsRequired: 1}}
    usageTracking: {enabled: true, granularity: daily, anonymizeUsers: false}
  rules:
    - id: mfa
      field: policy.mfa.required
      equals: true
      source: Acme security baseline SB-3 (multi-factor authentication)
      reason: every person signs in with a second factor; a baseline of this template's own, not a regulation
    - id: tls-required
      field: security.tls.required
      equals: true
      source: Acme security baseline SB-7 (no plain-text connections)
      reason: no connection to the workspace travels in plain text; a baseline of this template's own, not a regulation
"""#),
        ("financial-services.yaml", #"""
# PCI DSS v4.0.1 requirements and broker-dealer record keeping (SEC Rule 17a-4, FINRA Rule 4511)
# that a workspace configuration can show. WORM or audit-trail storage (17a-4(f)) is not a
# setting here; the compliance report lists it for a person to check.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: financial-services
  description: PCI DSS v4.0.1 access, transmission and logging requirements, SEC 17a-4(a) / FINRA 4511 retention periods
spec:
  visibility: public
  defaults:
    policy:
      approvals: {required: true, minApprovers: 2, environments: [production, staging]}
      auditLogging: {enabled: true, level: detailed}
      mfa: {required: true, methods: [webauthn, totp]}
      apiKeys: {enabled: true, maxAge: 90d, maxPerUser: 2, scopes: [workflow.read, execution.run]}
      sessionTimeout: {idle: 15m, absolute: 8h}
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
    - id: idle-reauthentication
      field: policy.sessionTimeout.idle
      max: 15m
      source: PCI DSS v4.0.1 8.2.8
      reason: a session idle for more than 15 minutes requires the user to authenticate again
    - id: mfa
      field: policy.mfa.required
      equals: true
      source: PCI DSS v4.0.1 8.4.1-8.4.3
      reason: multi-factor authentication for access into the cardholder data environment
    - id: inactive-accounts
      field: policy.inactiveAccountsDisabledAfter
      max: 90d
      source: PCI DSS v4.0.1 8.2.6
      reason: user accounts inactive for more than 90 days are removed or disabled
    - id: api-key-age
      field: policy.apiKeys.maxAge
      max: 90d
      source: PCI DSS v4.0.1 8.6.3
      reason: >-
        passwords of application and system accounts are changed periodically, at a frequency set
        by a targeted risk analysis; 90 days is this template's choice
    - id: tls-required
      field: security.tls.required
      equals: true
      source: PCI DSS v4.0.1 4.2.1
      reason: strong cryptography protects cardholder data during transmission over open, public networks
    - id: tls-version
      field: security.tls.minVersion
      oneOf: ["1.2", "1.3"]
      source: PCI DSS v4.0.1 4.2.1
      reason: only secure protocol versions are accepted; TLS 1.2 and later is this template's reading of strong cryptography
    - id: transmission-encryption
      field: security.encryption.inTransit
      equals: true
      source: PCI DSS v4.0.1 4.2.1
      reason: strong cryptography protects cardholder data during transmission
    - id: audit-logging
      field: policy.auditLogging.enabled
      equals: true
      source: PCI DSS v4.0.1 10.2.1
      reason: audit logs are enabled and active for all system components and cardholder data
    - id: audit-retention
      field: retention.auditLogs
      min: 1y
      source: PCI DSS v4.0.1 10.5.1
      reason: audit log history is kept at least 12 months, the most recent three months immediately available
    - id: execution-log-retention
      field: retention.executionLogs
      min: 1y
      source: PCI DSS v4.0.1 10.5.1
      reason: execution logs are audit log history too, kept at least 12 months
    - id: encryption-at-rest
      field: security.encryption.atRest
      equals: true
      source: PCI DSS v4.0.1 3.5.1
      reason: >-
        supports 3.5.1 and does not meet it alone: stored PAN must be unreadable (one-way hashes,
        truncation, index tokens or strong cryptography with key management, 3.5.1.2, 3.6, 3.7),
        which disk-level encryption by itself does not achieve
    - id: record-retention
      field: retention.workflowData
      min: 6y
      source: SEC Rule 17a-4(a), FINRA Rule 4511(b)
      reason: >-
        17a-4(a) keeps the records it names six years, the first two in an easily accessible
        place (17a-4(b): three years for others), and FINRA 4511(b) six years where no period is
        set; the default of seven years is this template's choice (the seven years of SOX 802 and
        17 CFR 210.2-06 apply to auditors' workpapers)
"""#),
        ("gdpr.yaml", #"""
# GDPR (Regulation (EU) 2016/679) settings a workspace configuration can show. Consent is one of
# six lawful bases (Art. 6(1)) and is not enforced: whether processing needs it is the
# controller's decision.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: gdpr
  description: GDPR data-subject rights, erasure, security of processing and storage limitation settings
spec:
  profile: true
  visibility: public
  rules:
    - id: data-subject-requests
      field: retention.gdpr.dataSubjectRequests
      equals: true
      source: GDPR Art. 12(2), Art. 15-22
      reason: the controller facilitates the exercise of data subjects' rights of access, rectification, erasure, restriction, portability and objection
    - id: erasure-window
      field: retention.gdpr.erasureWindow
      max: 28d
      source: GDPR Art. 12(3), Art. 17
      reason: >-
        requests are answered without undue delay and within one month; 28 days fits inside
        every calendar month
    - id: encryption-at-rest
      field: security.encryption.atRest
      equals: true
      source: GDPR Art. 32(1)(a)
      reason: encryption of personal data is a measure of security of processing the article names
    - id: transmission-encryption
      field: security.encryption.inTransit
      equals: true
      source: GDPR Art. 32(1)(a)
      reason: encryption of personal data in transmission, a measure of security of processing
    - id: storage-limitation
      field: retention.userData
      present: true
      source: GDPR Art. 5(1)(e)
      reason: personal data is kept no longer than necessary, so the retention of user data must be a set, justified value
    - id: archive-outlives-erasure
      field: retention.archive.retention
      max: {field: retention.gdpr.erasureWindow}
      when: {field: retention.archive}
      enforcement: advisory
      source: GDPR Art. 17, Art. 5(1)(e)
      reason: >-
        archives kept longer than the erasure window hold erased subjects' data on; erasure must
        reach the archive as well, or the archive's retention be justified on its own
"""#),
        ("government.yaml", #"""
# FedRAMP Rev. 5 Moderate baseline (NIST SP 800-53 Rev. 5) controls that a workspace
# configuration can show. Values the baseline leaves to the organization are this template's
# choices, and each rule's reason says so.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: government
  description: FedRAMP Rev. 5 Moderate baseline (NIST SP 800-53 Rev. 5) controls a workspace configuration can show
spec:
  visibility: public
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
      auditLogs: 3y
      userData: 7y
  rules:
    - id: session-termination
      field: policy.sessionTimeout.idle
      max: 15m
      source: FedRAMP Rev5 Moderate AC-12, SC-10
      reason: >-
        a user's web session is terminated after a defined condition such as inactivity (AC-12)
        and its network connection at the end of the session or after inactivity (SC-10); 15
        minutes is this template's choice
    - id: session-lifetime
      field: policy.sessionTimeout.absolute
      max: 12h
      source: FedRAMP Rev5 Moderate IA-11, AC-12
      reason: >-
        users authenticate again when circumstances require it (IA-11) and sessions end on set
        conditions (AC-12); a 12-hour limit follows the baseline's guidance and is this template's
        choice
    - id: mfa
      field: policy.mfa.required
      equals: true
      source: FedRAMP Rev5 Moderate IA-2(1), IA-2(2)
      reason: multi-factor authentication for privileged and non-privileged accounts
    - id: phishing-resistant-mfa
      field: policy.mfa.methods
      subsetOf: [piv, webauthn]
      source: FedRAMP Rev5 Moderate IA-2
      reason: >-
        FedRAMP's IA-2 requirement asks for phishing-resistant multi-factor authentication; PIV
        cards and WebAuthn authenticators are, one-time codes and push prompts are not
    - id: audit-events
      field: policy.auditLogging.enabled
      equals: true
      source: FedRAMP Rev5 Moderate AU-2, AU-12
      reason: the system logs the event types the organization selects (AU-2) and generates those records (AU-12)
    - id: tls-required
      field: security.tls.required
      equals: true
      source: FedRAMP Rev5 Moderate SC-8(1)
      reason: cryptographic protection of transmitted information
    - id: transmission-encryption
      field: security.encryption.inTransit
      equals: true
      source: FedRAMP Rev5 Moderate SC-8(1)
      reason: cryptographic mechanisms prevent disclosure and detect changes of information in transmission
    - id: encryption-at-rest
      field: security.encryption.atRest
      equals: true
      source: FedRAMP Rev5 Moderate SC-28(1)
      reason: cryptographic mechanisms protect information at rest
    - id: inactive-accounts
      field: policy.inactiveAccountsDisabledAfter
      max: 90d
      source: FedRAMP Rev5 Moderate AC-2(3)
      reason: accounts inactive for 90 days (FedRAMP's assignment for AC-2(3)(d)) are disabled
    - id: audit-retention
      field: retention.auditLogs
      min: 3y
      source: FedRAMP Rev5 Moderate AU-11 (OMB M-21-31)
      reason: >-
        FedRAMP's AU-11 parameter defers to OMB M-21-31, which keeps logs 12 months in active and
        18 months in cold storage (30 months); three years is this template's choice above it
"""#),
        ("healthcare.yaml", #"""
# HIPAA Security Rule technical safeguards for workspaces that create, receive or keep ePHI.
# Where a specification is addressable or sets no number, the value is this template's choice,
# and each rule's reason says so.
apiVersion: tenancy/v1
kind: Template
metadata:
  name: healthcare
  description: HIPAA Security Rule (45 CFR Part 164, Subpart C) technical safeguards a workspace configuration can show
spec:
  visibility: public
  defaults:
    policy:
      approvals: {required: true, minApprovers: 1, environments: [production]}
      auditLogging: {enabled: true, level: detailed}
      mfa: {required: true, methods: [webauthn, totp]}
      apiKeys: {enabled: true, maxAge: 90d, maxPerUser: 3, scopes: [workflow.read, execution.run]}
      sessionTimeout: {idle: 15m, absolute: 8h}
      inactiveAccountsDisabledAfter: 90d
    security:
      tls: {required: true, minVersion: "1.2"}
      encryption: {atRest: true, inTransit: true, keyManagement: {type: platform}}
    retention:
      workflowData: 7y
      executionLogs: 1y
      auditLogs: 7y
      userData: 7y
    usageTracking: {enabled: true, granularity: daily, anonymizeUsers: true}
  rules:
    - id: idle-logoff
      field: policy.sessionTimeout.idle
      max: 15m
      source: HIPAA 45 CFR 164.312(a)(2)(iii)
      reason: >-
        automatic logoff ends an electronic session after a set time of inactivity; the
        implementation specification is addressable and sets no time, so 15 minutes is this
        template's choice
    - id: encryption-at-rest
      field: security.encryption.atRest
      equals: true
      source: HIPAA 45 CFR 164.312(a)(2)(iv)
      reason: >-
        a mechanism to encrypt and decrypt ePHI (an addressable specification); encrypting at rest
        is this template's choice of how to meet it
    - id: transmission-encryption
      field: security.encryption.inTransit
      equals: true
      source: HIPAA 45 CFR 164.312(e)(1), 164.312(e)(2)(ii)
      reason: >-
        transmission security guards ePHI sent over a network against unauthorized access (the
        (e)(1) standard); encryption in transit is the (e)(2)(ii) specification
    - id: tls-required
      field: security.tls.required
      equals: true
      source: HIPAA 45 CFR 164.312(e)(1)
      reason: transmission security guards ePHI sent over a network; TLS on every connection is how this workspace does it
    - id: audit-controls
      field: policy.auditLogging.enabled
      equals: true
      source: HIPAA 45 CFR 164.312(b)
      reason: audit controls record and examine activity in systems that hold or use ePHI
    - id: authentication
      field: policy.mfa.required
      equals: true
      source: HIPAA 45 CFR 164.312(d)
      reason: >-
        person or entity authentication verifies that whoever seeks access is who they claim; the
        rule requires authentication, not a second factor, so MFA is this template's choice
    - id: inactive-accounts
      field: policy.inactiveAccountsDisabledAfter
      max: 90d
      source: HIPAA 45 CFR 164.308(a)(4)(ii)(C)
      reason: >-
        access establishment and modification: access is reviewed and changed as people's roles
        change; disabling accounts unused for 90 days is this template's choice
    - id: audit-retention
      field: retention.auditLogs
      min: 6y
      source: HIPAA 45 CFR 164.316(b)(2)(i) (by analogy)
      reason: >-
        the six years of 164.316(b)(2)(i) apply to the documentation the Security Rule requires,
        not to system audit logs; keeping audit logs six calendar years by analogy is this
        template's choice
"""#),
        ("soc2.yaml", #"""
# SOC 2 (AICPA Trust Services Criteria 2017, points of focus revised 2022). A SOC 2 report is an
# auditor's opinion on the organization's controls: these rules hold the settings that support
# the criteria, every value is the organization's choice, and meeting them is not "compliance".
apiVersion: tenancy/v1
kind: Template
metadata:
  name: soc2
  description: Settings that support the SOC 2 Trust Services Criteria (security); every value is the organization's choice
spec:
  profile: true
  visibility: public
  rules:
    - id: mfa
      field: policy.mfa.required
      equals: true
      source: TSC 2017 CC6.1
      reason: logical access security, of which multi-factor authentication is the organization's choice of control
    - id: tls-required
      field: security.tls.required
      equals: true
      source: TSC 2017 CC6.7
      reason: the transmission of information is restricted and protected; TLS everywhere is the organization's choice
    - id: transmission-encryption
      field: security.encryption.inTransit
      equals: true
      source: TSC 2017 CC6.7
      reason: information in transmission is protected, here by encryption (the organization's choice)
    - id: encryption-at-rest
      field: security.encryption.atRest
      equals: true
      source: TSC 2017 CC6.1
      reason: a point of focus of CC6.1 is encryption to protect data at rest, as the organization chooses
    - id: audit-logging
      field: policy.auditLogging.enabled
      equals: true
      source: TSC 2017 CC7.2
      reason: system components are monitored for anomalies; audit logs are what the monitoring reads
    - id: audit-retention
      field: retention.auditLogs
      min: 1y
      source: TSC 2017 CC7.2
      reason: >-
        logs cover a Type II report's observation period (commonly up to twelve months); one
        calendar year is the organization's choice
    - id: inactive-accounts
      field: policy.inactiveAccountsDisabledAfter
      max: 90d
      source: TSC 2017 CC6.2
      reason: access is removed when no longer needed; 90 days of inactivity is the organization's choice
    - id: idle-timeout
      field: policy.sessionTimeout.idle
      max: 30m
      source: TSC 2017 CC6.1
      reason: idle sessions end; 30 minutes is the organization's choice
    - id: api-key-age
      field: policy.apiKeys.maxAge
      max: 90d
      source: TSC 2017 CC6.1
      reason: credentials are rotated; 90 days for API keys is the organization's choice
    - id: production-approvals
      field: policy.approvals.environments
      includes: [production]
      source: TSC 2017 CC8.1
      reason: changes are authorized before they reach production; approvals there are the organization's choice of control
    - id: approvals-required
      field: policy.approvals.required
      equals: true
      source: TSC 2017 CC8.1
      reason: changes are authorized and approved before they are implemented
"""#),
    ]
}

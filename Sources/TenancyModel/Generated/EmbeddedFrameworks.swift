// Generated from frameworks/*.yaml by `TENANCY_UPDATE_GOLDEN=1 swift test --filter EmbeddedFilesTests`.
// Do not edit: edit the files in frameworks/ and regenerate; a test fails when the two differ.

/// The compliance framework catalogs of `frameworks/`, compiled into the binary.
enum EmbeddedFrameworks {
    static let files: [(name: String, text: String)] = [
        ("fedramp-moderate.yaml", #"""
# FedRAMP Rev. 5 Moderate baseline controls (NIST SP 800-53 Rev. 5), with the template rules that
# show them. Titles are short descriptions in Tenancy's own words, not the catalogue's text.
framework: fedramp-moderate
title: FedRAMP Moderate
version: Rev. 5 baseline
scope: [government]
controls:
  - id: AC-2(3)
    title: Disable inactive accounts
    rules: [government/inactive-accounts]
  - id: AC-7
    title: Unsuccessful logon attempts
    manual: lockout is enforced by the identity provider; no workspace setting expresses it
  - id: AC-12
    title: Session termination
    rules: [government/session-termination, government/session-lifetime]
  - id: AU-2
    title: Event logging
    rules: [government/audit-events]
  - id: AU-11
    title: Audit record retention
    rules: [government/audit-retention]
  - id: AU-12
    title: Audit record generation
    rules: [government/audit-events]
  - id: IA-2
    title: Phishing-resistant authentication
    rules: [government/phishing-resistant-mfa]
  - id: IA-2(1), IA-2(2)
    title: Multi-factor authentication
    rules: [government/mfa]
  - id: IA-11
    title: Re-authentication
    rules: [government/session-lifetime]
  - id: SC-8(1)
    title: Cryptographic protection in transmission
    rules: [government/tls-required, government/transmission-encryption]
  - id: SC-10
    title: Network disconnect
    rules: [government/session-termination]
  - id: SC-28(1)
    title: Cryptographic protection at rest
    rules: [government/encryption-at-rest]
"""#),
        ("gdpr.yaml", #"""
# GDPR articles, with the profile rules that show them. Titles are short descriptions in
# Tenancy's own words, not the regulation's text.
framework: gdpr
title: GDPR
version: Regulation (EU) 2016/679
scope: [gdpr]
controls:
  - id: Art. 5(1)(e)
    title: Storage limitation
    rules: [gdpr/storage-limitation, gdpr/archive-outlives-erasure]
  - id: Art. 6(1)
    title: A lawful basis for processing
    manual: consent is one of six lawful bases; which applies is the controller's decision, recorded outside the workspace
  - id: Art. 12(2), Art. 15-22
    title: Data subjects' rights facilitated
    rules: [gdpr/data-subject-requests]
  - id: Art. 12(3)
    title: Requests answered within one month
    rules: [gdpr/erasure-window]
  - id: Art. 30
    title: Records of processing activities
    manual: the controller's register of processing, kept outside the workspace
  - id: Art. 32(1)(a)
    title: Encryption of personal data
    rules: [gdpr/encryption-at-rest, gdpr/transmission-encryption]
"""#),
        ("hipaa.yaml", #"""
# HIPAA Security Rule controls, with the template rules that show them. Titles are short
# descriptions in Tenancy's own words, not the regulation's text.
framework: hipaa
title: HIPAA Security Rule
version: 45 CFR Part 164, Subpart C
scope: [healthcare]
controls:
  - id: 164.308(a)(1)(ii)(A)
    title: Risk analysis of threats to ePHI
    manual: an assessment the covered entity documents; no workspace setting shows it
  - id: 164.308(a)(4)(ii)(C)
    title: Access establishment and modification
    rules: [healthcare/inactive-accounts]
    manual: access reviews themselves are a process; the setting shows only that unused accounts are disabled
  - id: 164.308(a)(5)(ii)(D)
    title: Password management
    manual: password procedures live in the identity provider, which the workspace does not configure
  - id: 164.312(a)(2)(iii)
    title: Automatic logoff of idle sessions
    rules: [healthcare/idle-logoff]
  - id: 164.312(a)(2)(iv)
    title: Encryption and decryption of ePHI
    rules: [healthcare/encryption-at-rest]
  - id: 164.312(b)
    title: Audit controls
    rules: [healthcare/audit-controls]
  - id: 164.312(d)
    title: Person or entity authentication
    rules: [healthcare/authentication]
  - id: 164.312(e)(1)
    title: Transmission security
    rules: [healthcare/tls-required, healthcare/transmission-encryption]
  - id: 164.316(b)(2)(i)
    title: Documentation kept six years (applied to audit logs by analogy)
    rules: [healthcare/audit-retention]
"""#),
        ("pci-dss.yaml", #"""
# PCI DSS v4.0.1 requirements, with the template rules that show them. Titles are short
# descriptions in Tenancy's own words, not the standard's text.
framework: pci-dss
title: PCI DSS
version: v4.0.1
scope: [financial-services]
controls:
  - id: "3.5.1"
    title: Stored account numbers unreadable
    rules: [financial-services/encryption-at-rest]
    manual: disk-level encryption supports the requirement but does not meet it alone; hashing, truncation, tokens or key management (3.5.1.2, 3.6, 3.7) are checked by a person
  - id: "4.2.1"
    title: Strong cryptography in transmission
    rules: [financial-services/tls-required, financial-services/tls-version, financial-services/transmission-encryption]
  - id: "8.2.6"
    title: Inactive accounts removed or disabled
    rules: [financial-services/inactive-accounts]
  - id: "8.2.8"
    title: Re-authentication after idle sessions
    rules: [financial-services/idle-reauthentication]
  - id: "8.3.4"
    title: Lockout after repeated failed attempts
    manual: lockout is enforced by the identity provider; no workspace setting expresses it
  - id: "8.4.1-8.4.3"
    title: Multi-factor authentication into the cardholder data environment
    rules: [financial-services/mfa]
  - id: "8.6.3"
    title: Application and system account credentials changed periodically
    rules: [financial-services/api-key-age]
  - id: "10.2.1"
    title: Audit logs enabled and active
    rules: [financial-services/audit-logging]
  - id: "10.5.1"
    title: Audit log history kept twelve months
    rules: [financial-services/audit-retention, financial-services/execution-log-retention]
"""#),
        ("sec-17a-4.yaml", #"""
# Broker-dealer record keeping (SEC Rule 17a-4, FINRA Rule 4511), with the template rules that
# show it. Titles are short descriptions in Tenancy's own words, not the rules' text.
framework: sec-17a-4
title: SEC Rule 17a-4 and FINRA Rule 4511 record keeping
version: 17 CFR 240.17a-4 (2022 amendments), FINRA Rule 4511
scope: [financial-services]
controls:
  - id: 17a-4(a)
    title: Records kept six years, the first two easily accessible
    rules: [financial-services/record-retention]
  - id: 17a-4(f)
    title: Electronic records in non-rewriteable storage or with a complete audit trail
    manual: WORM or audit-trail storage is a property of the storage system; no workspace setting expresses it
  - id: FINRA 4511(b)
    title: Six years where no other period is set
    rules: [financial-services/record-retention]
"""#),
        ("soc2.yaml", #"""
# SOC 2 Trust Services Criteria (2017, points of focus 2022), with the profile rules that support
# them. A SOC 2 report is an auditor's opinion: passing these is evidence, not compliance.
framework: soc2
title: SOC 2 Trust Services Criteria (security)
version: TSC 2017, points of focus 2022
scope: [soc2]
controls:
  - id: CC6.1
    title: Logical access security
    rules: [soc2/mfa, soc2/encryption-at-rest, soc2/idle-timeout, soc2/api-key-age]
  - id: CC6.2
    title: Access removed when no longer needed
    rules: [soc2/inactive-accounts]
  - id: CC6.7
    title: Information protected in transmission
    rules: [soc2/tls-required, soc2/transmission-encryption]
  - id: CC7.2
    title: Monitoring for anomalies
    rules: [soc2/audit-logging, soc2/audit-retention]
  - id: CC8.1
    title: Changes authorized before production
    rules: [soc2/approvals-required, soc2/production-approvals]
  - id: CC1.1
    title: Commitment to integrity and ethical values
    manual: an entity-level control shown by policies and conduct, not by a setting
"""#),
    ]
}

// Generated from schema/*.schema.json by `TENANCY_UPDATE_GOLDEN=1 swift test --filter EmbeddedFilesTests`.
// Do not edit: edit the files in schema/ and regenerate; a test fails when the two differ.

/// The JSON Schemas of `schema/`, compiled into the binary so that `tenancy` needs no files beside it.
enum EmbeddedSchemas {
    static let files: [(name: String, text: String)] = [
        ("export.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy export",
  "description": "The effective settings of applied resources, as `tenancy export` prints them and as apply publishes them to etcd (one resource per key, under <prefix>/published/<Kind>/<name>). docs/export-format.md. Additive changes keep format_version.",
  "type": "object",
  "required": [
    "format_version",
    "state",
    "resources"
  ],
  "additionalProperties": false,
  "properties": {
    "format_version": {
      "const": "1"
    },
    "state": {
      "$ref": "#/definitions/state"
    },
    "resources": {
      "type": "array",
      "items": {
        "$ref": "#/definitions/resource"
      }
    }
  },
  "definitions": {
    "state": {
      "type": "object",
      "description": "The applied state answered from.",
      "required": [
        "lineage",
        "serial"
      ],
      "additionalProperties": false,
      "properties": {
        "lineage": {
          "type": "string",
          "description": "The state's lineage (fixed at creation)."
        },
        "serial": {
          "type": "integer",
          "minimum": 0,
          "description": "The applied version: +1 per change."
        }
      }
    },
    "timestamp": {
      "type": "string",
      "format": "date-time"
    },
    "resource": {
      "type": "object",
      "description": "One applied resource: identity, metadata and its effective settings (spec with template defaults merged, units canonical, secrets as {secretRef} only).",
      "required": [
        "kind",
        "name",
        "id",
        "created",
        "updated",
        "settings",
        "depends_on",
        "secret_versions",
        "description",
        "labels"
      ],
      "additionalProperties": false,
      "properties": {
        "kind": {
          "enum": [
            "Organization",
            "Integration",
            "Role",
            "Workspace",
            "Team",
            "ServiceAccount"
          ]
        },
        "name": {
          "type": "string",
          "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
        },
        "id": {
          "type": "string",
          "description": "Stable across updates and renames."
        },
        "created": {
          "$ref": "#/definitions/timestamp"
        },
        "updated": {
          "$ref": "#/definitions/timestamp"
        },
        "description": {
          "type": [
            "string",
            "null"
          ]
        },
        "labels": {
          "type": "object",
          "additionalProperties": {
            "type": "string"
          }
        },
        "depends_on": {
          "type": "array",
          "items": {
            "type": "string",
            "pattern": "^[A-Za-z]+/[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
          },
          "description": "Addresses this resource refers to."
        },
        "secret_versions": {
          "type": "object",
          "description": "By path (spec.slack.webhook): a digest of the secret's value, keyed per state; it changes when the secret is rotated. Values are never exported.",
          "additionalProperties": {
            "type": "string"
          }
        },
        "settings": {
          "type": "object"
        }
      },
      "allOf": [
        {
          "if": {
            "properties": {
              "kind": {
                "const": "Organization"
              }
            }
          },
          "then": {
            "properties": {
              "settings": {
                "$ref": "tenancy.schema.json#/definitions/Organization/properties/spec"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "Integration"
              }
            }
          },
          "then": {
            "properties": {
              "settings": {
                "$ref": "tenancy.schema.json#/definitions/Integration/properties/spec"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "Role"
              }
            }
          },
          "then": {
            "properties": {
              "settings": {
                "$ref": "tenancy.schema.json#/definitions/Role/properties/spec"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "Workspace"
              }
            }
          },
          "then": {
            "properties": {
              "settings": {
                "$ref": "tenancy.schema.json#/definitions/Workspace/properties/spec"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "Team"
              }
            }
          },
          "then": {
            "properties": {
              "settings": {
                "$ref": "tenancy.schema.json#/definitions/Team/properties/spec"
              }
            }
          }
        },
        {
          "if": {
            "properties": {
              "kind": {
                "const": "ServiceAccount"
              }
            }
          },
          "then": {
            "properties": {
              "settings": {
                "$ref": "tenancy.schema.json#/definitions/ServiceAccount/properties/spec"
              }
            }
          }
        }
      ]
    }
  }
}
"""#),
        ("framework.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy compliance framework catalog",
  "description": "A framework's controls and the template rules that show each (frameworks/*.yaml, docs/compliance.md). Titles are short descriptions in Tenancy's own words, never a standard's text.",
  "type": "object",
  "properties": {
    "framework": {
      "type": "string",
      "description": "The framework's id, as --framework takes it: hipaa, pci-dss.",
      "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"
    },
    "title": {
      "type": "string",
      "description": "The framework's name.",
      "minLength": 1
    },
    "version": {
      "type": "string",
      "description": "Which version or edition of the framework the catalog follows.",
      "minLength": 1
    },
    "scope": {
      "type": "array",
      "description": "The templates and profiles whose workspaces the framework applies to.",
      "items": {
        "type": "string",
        "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
      },
      "minItems": 1,
      "uniqueItems": true
    },
    "controls": {
      "type": "array",
      "description": "The controls, in the catalog's order.",
      "minItems": 1,
      "items": {
        "type": "object",
        "properties": {
          "id": {
            "type": "string",
            "description": "The control's id in the framework: 164.312(b), 8.2.8, AC-12.",
            "minLength": 1
          },
          "title": {
            "type": "string",
            "description": "A short title in Tenancy's own words.",
            "minLength": 1,
            "maxLength": 120
          },
          "rules": {
            "type": "array",
            "description": "The rules that show the control, as TEMPLATE/RULE-ID.",
            "items": {
              "type": "string",
              "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]+(-[a-z0-9]+)*$"
            },
            "minItems": 1,
            "uniqueItems": true
          },
          "manual": {
            "type": "string",
            "description": "What no setting can show, for a person to check: the control is manual (with rules, once they pass).",
            "minLength": 1
          }
        },
        "required": [
          "id",
          "title"
        ],
        "anyOf": [
          {
            "required": [
              "rules"
            ]
          },
          {
            "required": [
              "manual"
            ]
          }
        ],
        "additionalProperties": false
      }
    }
  },
  "required": [
    "framework",
    "title",
    "version",
    "scope",
    "controls"
  ],
  "additionalProperties": false
}
"""#),
        ("integration.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy Integration",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/Integration"
    }
  ]
}
"""#),
        ("notification-event-billing.over-budget.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification event: billing.over-budget",
  "description": "Spend so far past the monthly budget.",
  "type": "object",
  "required": [
    "event",
    "key",
    "series",
    "phase",
    "title",
    "occurred",
    "data",
    "workspace"
  ],
  "properties": {
    "event": {
      "const": "billing.over-budget"
    },
    "key": {
      "type": "string",
      "description": "What makes it this occurrence (docs/notifications.md, \"When an event fires again\"): the same key is the same crossing in every run.",
      "pattern": "^billing\\.over-budget/"
    },
    "series": {
      "type": "string",
      "description": "The key without its period: occurrences of one thing over time."
    },
    "phase": {
      "enum": [
        "firing"
      ]
    },
    "title": {
      "type": "string",
      "description": "One line for people."
    },
    "occurred": {
      "type": "string",
      "description": "When it happened: a usage day (quota, billing) or a time (RFC 3339, UTC)."
    },
    "workspace": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "data": {
      "type": "object",
      "required": [
        "period",
        "budget",
        "spent",
        "projected",
        "currency",
        "basis",
        "through"
      ],
      "additionalProperties": false,
      "properties": {
        "period": {
          "type": "string",
          "pattern": "^[0-9]{4}-[0-9]{2}$"
        },
        "budget": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        "spent": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        "projected": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        "currency": {
          "type": "string",
          "pattern": "^[A-Z]{3}$"
        },
        "basis": {
          "enum": [
            "spent",
            "projected"
          ],
          "description": "Whether the spend so far crossed, or only its projection to the month's end."
        },
        "through": {
          "type": "string",
          "format": "date"
        },
        "threshold": {
          "type": "number",
          "minimum": 1,
          "maximum": 100
        }
      }
    }
  },
  "additionalProperties": false
}
"""#),
        ("notification-event-billing.threshold.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification event: billing.threshold",
  "description": "Spend so far, or its projection to the month's end, at a budget alert percentage.",
  "type": "object",
  "required": [
    "event",
    "key",
    "series",
    "phase",
    "title",
    "occurred",
    "data",
    "workspace"
  ],
  "properties": {
    "event": {
      "const": "billing.threshold"
    },
    "key": {
      "type": "string",
      "description": "What makes it this occurrence (docs/notifications.md, \"When an event fires again\"): the same key is the same crossing in every run.",
      "pattern": "^billing\\.threshold/"
    },
    "series": {
      "type": "string",
      "description": "The key without its period: occurrences of one thing over time."
    },
    "phase": {
      "enum": [
        "firing"
      ]
    },
    "title": {
      "type": "string",
      "description": "One line for people."
    },
    "occurred": {
      "type": "string",
      "description": "When it happened: a usage day (quota, billing) or a time (RFC 3339, UTC)."
    },
    "workspace": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "data": {
      "type": "object",
      "required": [
        "period",
        "budget",
        "spent",
        "projected",
        "currency",
        "basis",
        "through",
        "threshold"
      ],
      "additionalProperties": false,
      "properties": {
        "period": {
          "type": "string",
          "pattern": "^[0-9]{4}-[0-9]{2}$"
        },
        "budget": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        "spent": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        "projected": {
          "type": "string",
          "pattern": "^[0-9]+(\\.[0-9]+)?$"
        },
        "currency": {
          "type": "string",
          "pattern": "^[A-Z]{3}$"
        },
        "basis": {
          "enum": [
            "spent",
            "projected"
          ],
          "description": "Whether the spend so far crossed, or only its projection to the month's end."
        },
        "through": {
          "type": "string",
          "format": "date"
        },
        "threshold": {
          "type": "number",
          "minimum": 1,
          "maximum": 100
        }
      }
    }
  },
  "additionalProperties": false
}
"""#),
        ("notification-event-quota.exceeded.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification event: quota.exceeded",
  "description": "A quota past its limit.",
  "type": "object",
  "required": [
    "event",
    "key",
    "series",
    "phase",
    "title",
    "occurred",
    "data",
    "workspace"
  ],
  "properties": {
    "event": {
      "const": "quota.exceeded"
    },
    "key": {
      "type": "string",
      "description": "What makes it this occurrence (docs/notifications.md, \"When an event fires again\"): the same key is the same crossing in every run.",
      "pattern": "^quota\\.exceeded/"
    },
    "series": {
      "type": "string",
      "description": "The key without its period: occurrences of one thing over time."
    },
    "phase": {
      "enum": [
        "firing",
        "resolved"
      ]
    },
    "title": {
      "type": "string",
      "description": "One line for people."
    },
    "occurred": {
      "type": "string",
      "description": "When it happened: a usage day (quota, billing) or a time (RFC 3339, UTC)."
    },
    "workspace": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "data": {
      "type": "object",
      "required": [
        "quota",
        "used",
        "limit",
        "percent",
        "threshold",
        "unit",
        "measuredOn",
        "kind",
        "phase"
      ],
      "additionalProperties": false,
      "properties": {
        "quota": {
          "enum": [
            "users",
            "concurrentConnections",
            "workflows",
            "executionsPerDay",
            "storage",
            "archiveStorage",
            "cpuUnits",
            "memory",
            "maxExecutionTime",
            "apiRate.perMinute"
          ],
          "description": "The quota (its path under spec.quotas)."
        },
        "used": {
          "type": "number",
          "minimum": 0,
          "description": "The value measured, in the quota's unit."
        },
        "limit": {
          "type": "number",
          "minimum": 0
        },
        "percent": {
          "type": "number",
          "minimum": 0,
          "description": "used / limit × 100, one decimal."
        },
        "threshold": {
          "type": "number",
          "minimum": 1,
          "maximum": 100,
          "description": "The level crossed: the route's percent (quota.warning), 100 (quota.exceeded)."
        },
        "unit": {
          "enum": [
            "count",
            "bytes",
            "seconds"
          ]
        },
        "measuredOn": {
          "type": "string",
          "format": "date"
        },
        "kind": {
          "enum": [
            "rate",
            "level"
          ],
          "description": "rate: fires once per usage day crossed; level: once per crossing, re-armed 5 points below."
        },
        "phase": {
          "enum": [
            "firing",
            "resolved"
          ]
        }
      }
    }
  },
  "additionalProperties": false
}
"""#),
        ("notification-event-quota.warning.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification event: quota.warning",
  "description": "A quota at or past the workspace's warning percent (the route's percent).",
  "type": "object",
  "required": [
    "event",
    "key",
    "series",
    "phase",
    "title",
    "occurred",
    "data",
    "workspace"
  ],
  "properties": {
    "event": {
      "const": "quota.warning"
    },
    "key": {
      "type": "string",
      "description": "What makes it this occurrence (docs/notifications.md, \"When an event fires again\"): the same key is the same crossing in every run.",
      "pattern": "^quota\\.warning/"
    },
    "series": {
      "type": "string",
      "description": "The key without its period: occurrences of one thing over time."
    },
    "phase": {
      "enum": [
        "firing",
        "resolved"
      ]
    },
    "title": {
      "type": "string",
      "description": "One line for people."
    },
    "occurred": {
      "type": "string",
      "description": "When it happened: a usage day (quota, billing) or a time (RFC 3339, UTC)."
    },
    "workspace": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "data": {
      "type": "object",
      "required": [
        "quota",
        "used",
        "limit",
        "percent",
        "threshold",
        "unit",
        "measuredOn",
        "kind",
        "phase"
      ],
      "additionalProperties": false,
      "properties": {
        "quota": {
          "enum": [
            "users",
            "concurrentConnections",
            "workflows",
            "executionsPerDay",
            "storage",
            "archiveStorage",
            "cpuUnits",
            "memory",
            "maxExecutionTime",
            "apiRate.perMinute"
          ],
          "description": "The quota (its path under spec.quotas)."
        },
        "used": {
          "type": "number",
          "minimum": 0,
          "description": "The value measured, in the quota's unit."
        },
        "limit": {
          "type": "number",
          "minimum": 0
        },
        "percent": {
          "type": "number",
          "minimum": 0,
          "description": "used / limit × 100, one decimal."
        },
        "threshold": {
          "type": "number",
          "minimum": 1,
          "maximum": 100,
          "description": "The level crossed: the route's percent (quota.warning), 100 (quota.exceeded)."
        },
        "unit": {
          "enum": [
            "count",
            "bytes",
            "seconds"
          ]
        },
        "measuredOn": {
          "type": "string",
          "format": "date"
        },
        "kind": {
          "enum": [
            "rate",
            "level"
          ],
          "description": "rate: fires once per usage day crossed; level: once per crossing, re-armed 5 points below."
        },
        "phase": {
          "enum": [
            "firing",
            "resolved"
          ]
        }
      }
    }
  },
  "additionalProperties": false
}
"""#),
        ("notification-event-security.alert.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification event: security.alert",
  "description": "Something done by hand to the record Tenancy keeps (a lock forced, a state pushed, rolled back or edited, an audit chain that does not verify: the organization's own events, no workspace), or a mandatory compliance rule failing on the applied state (per workspace; resolved once it passes again).",
  "type": "object",
  "required": [
    "event",
    "key",
    "series",
    "phase",
    "title",
    "occurred",
    "data"
  ],
  "additionalProperties": false,
  "properties": {
    "event": {
      "const": "security.alert"
    },
    "key": {
      "type": "string",
      "pattern": "^security\\.alert/",
      "description": "What makes it this occurrence: the alert and its lock ID, serial or break."
    },
    "series": {
      "type": "string"
    },
    "phase": {
      "enum": [
        "firing",
        "resolved"
      ]
    },
    "title": {
      "type": "string"
    },
    "occurred": {
      "type": "string",
      "description": "RFC 3339, UTC."
    },
    "workspace": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "data": {
      "type": "object",
      "required": [
        "alert",
        "actor"
      ],
      "additionalProperties": false,
      "properties": {
        "alert": {
          "enum": [
            "lock-forced",
            "state-pushed",
            "state-rolled-back",
            "state-edited",
            "audit-broken",
            "compliance-failing",
            "compliance-passing"
          ]
        },
        "actor": {
          "type": "string"
        },
        "lock": {
          "type": "string"
        },
        "holder": {
          "type": "string"
        },
        "serial": {
          "type": "integer",
          "minimum": 0
        },
        "source": {
          "type": "string",
          "description": "compliance-*: the control text the rule cites."
        },
        "forced": {
          "type": "boolean"
        },
        "restored": {
          "type": "integer",
          "minimum": 0
        },
        "reason": {
          "type": "string"
        },
        "change": {
          "type": "string",
          "description": "state-edited: the command that edited it (state rm ADDRESS, state mv FROM TO)."
        },
        "rule": {
          "type": "string",
          "description": "compliance-*: the template rule (template/rule)."
        },
        "requirement": {
          "type": "string",
          "description": "compliance-*: what the rule requires."
        },
        "controls": {
          "type": "array",
          "items": {
            "type": "string"
          },
          "description": "compliance-*: the framework controls the rule shows (framework id and control id)."
        },
        "location": {
          "type": "string",
          "description": "compliance-*: where the setting is written (file:line)."
        }
      }
    }
  }
}
"""#),
        ("notification-event-tenancy.applied.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification event: tenancy.applied",
  "description": "An apply's summary for one workspace it changed (or, without a workspace, for the organization's other resources).",
  "type": "object",
  "required": [
    "event",
    "key",
    "series",
    "phase",
    "title",
    "occurred",
    "data"
  ],
  "properties": {
    "event": {
      "const": "tenancy.applied"
    },
    "key": {
      "type": "string",
      "description": "What makes it this occurrence (docs/notifications.md, \"When an event fires again\"): the same key is the same crossing in every run.",
      "pattern": "^tenancy\\.applied/"
    },
    "series": {
      "type": "string",
      "description": "The key without its period: occurrences of one thing over time."
    },
    "phase": {
      "enum": [
        "firing"
      ]
    },
    "title": {
      "type": "string",
      "description": "One line for people."
    },
    "occurred": {
      "type": "string",
      "description": "When it happened: a usage day (quota, billing) or a time (RFC 3339, UTC)."
    },
    "workspace": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "data": {
      "type": "object",
      "required": [
        "serial",
        "actor",
        "counts",
        "changes"
      ],
      "additionalProperties": false,
      "properties": {
        "serial": {
          "type": "integer",
          "minimum": 1
        },
        "actor": {
          "type": "string"
        },
        "commit": {
          "type": "string"
        },
        "counts": {
          "type": "object",
          "required": [
            "create",
            "update",
            "delete",
            "rename"
          ],
          "additionalProperties": false,
          "properties": {
            "create": {
              "type": "integer",
              "minimum": 0
            },
            "update": {
              "type": "integer",
              "minimum": 0
            },
            "delete": {
              "type": "integer",
              "minimum": 0
            },
            "rename": {
              "type": "integer",
              "minimum": 0
            }
          }
        },
        "changes": {
          "type": "array",
          "maxItems": 200,
          "items": {
            "type": "object",
            "required": [
              "address",
              "action"
            ],
            "additionalProperties": false,
            "properties": {
              "address": {
                "type": "string"
              },
              "action": {
                "enum": [
                  "create",
                  "update",
                  "delete",
                  "rename"
                ]
              },
              "previousAddress": {
                "type": "string"
              }
            }
          }
        },
        "changesLeftOut": {
          "type": "integer",
          "minimum": 1
        }
      }
    }
  },
  "additionalProperties": false
}
"""#),
        ("notification-event-tenancy.test.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification event: tenancy.test",
  "description": "`tenancy notify test`: says only that the integration works.",
  "type": "object",
  "required": [
    "event",
    "key",
    "series",
    "phase",
    "title",
    "occurred",
    "data"
  ],
  "properties": {
    "event": {
      "const": "tenancy.test"
    },
    "key": {
      "type": "string",
      "description": "What makes it this occurrence (docs/notifications.md, \"When an event fires again\"): the same key is the same crossing in every run.",
      "pattern": "^tenancy\\.test/"
    },
    "series": {
      "type": "string",
      "description": "The key without its period: occurrences of one thing over time."
    },
    "phase": {
      "enum": [
        "firing"
      ]
    },
    "title": {
      "type": "string",
      "description": "One line for people."
    },
    "occurred": {
      "type": "string",
      "description": "When it happened: a usage day (quota, billing) or a time (RFC 3339, UTC)."
    },
    "workspace": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "data": {
      "type": "object"
    }
  },
  "additionalProperties": false
}
"""#),
        ("notification.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy notification (webhook body)",
  "description": "The JSON body a generic webhook integration receives (docs/notifications.md): one message per integration per run, listing its events. Signed in the Tenancy-Signature header; its id is the idempotency key (also in the Tenancy-Idempotency-Key header).",
  "type": "object",
  "required": [
    "id",
    "type",
    "sent",
    "integration",
    "count",
    "events"
  ],
  "additionalProperties": false,
  "properties": {
    "id": {
      "type": "string",
      "pattern": "^[0-9a-f]{32}$",
      "description": "The idempotency key: the digest of the integration and the events' keys. A message sent again (a run killed between sending and recording) has the same id."
    },
    "type": {
      "const": "tenancy.notification"
    },
    "sent": {
      "type": "string",
      "format": "date-time"
    },
    "integration": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "organization": {
      "type": "string",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "count": {
      "type": "integer",
      "minimum": 1
    },
    "events": {
      "type": "array",
      "minItems": 1,
      "items": {
        "oneOf": [
          {
            "$ref": "notification-event-quota.warning.schema.json"
          },
          {
            "$ref": "notification-event-quota.exceeded.schema.json"
          },
          {
            "$ref": "notification-event-billing.threshold.schema.json"
          },
          {
            "$ref": "notification-event-billing.over-budget.schema.json"
          },
          {
            "$ref": "notification-event-security.alert.schema.json"
          },
          {
            "$ref": "notification-event-tenancy.applied.schema.json"
          },
          {
            "$ref": "notification-event-tenancy.test.schema.json"
          }
        ]
      }
    }
  }
}
"""#),
        ("organization.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy Organization",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/Organization"
    }
  ]
}
"""#),
        ("project.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy Project",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/Project"
    }
  ]
}
"""#),
        ("role.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy Role",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/Role"
    }
  ]
}
"""#),
        ("serviceaccount.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy ServiceAccount",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/ServiceAccount"
    }
  ]
}
"""#),
        ("team.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy Team",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/Team"
    }
  ]
}
"""#),
        ("template.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy Template",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/Template"
    }
  ]
}
"""#),
        ("tenancy.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy manifest",
  "description": "Any Tenancy manifest (apiVersion tenancy/v1), dispatched on kind.",
  "type": "object",
  "required": [
    "apiVersion",
    "kind"
  ],
  "properties": {
    "apiVersion": {
      "const": "tenancy/v1",
      "description": "The manifest format version."
    },
    "kind": {
      "enum": [
        "Organization",
        "Workspace",
        "Team",
        "Role",
        "Integration",
        "ServiceAccount",
        "Template",
        "Project"
      ],
      "description": "What this manifest describes."
    }
  },
  "allOf": [
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Organization"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/Organization"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Workspace"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/Workspace"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Team"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/Team"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Role"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/Role"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Integration"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/Integration"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "ServiceAccount"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/ServiceAccount"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Template"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/Template"
      }
    },
    {
      "if": {
        "properties": {
          "kind": {
            "const": "Project"
          }
        },
        "required": [
          "kind"
        ]
      },
      "then": {
        "$ref": "#/definitions/Project"
      }
    }
  ],
  "definitions": {
    "name": {
      "type": "string",
      "description": "A lowercase DNS label: a-z, 0-9 and '-', 1 to 63 characters, starting and ending with a letter or digit.",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$",
      "x-error-message": "must be a lowercase DNS label (a-z, 0-9 and '-', at most 63 characters, no leading or trailing '-')"
    },
    "duration": {
      "type": "string",
      "description": "A duration: a whole number and a unit, s (seconds), m (minutes), h (hours), d (days), w (weeks) or y (365-day years), possibly combined: 15m, 12h, 90d, 7y, 1h30m.",
      "pattern": "^([0-9]+(s|m|h|d|w|y))+$",
      "x-error-message": "must be a duration such as 15m, 12h, 90d or 7y (units s, m, h, d, w, y)"
    },
    "size": {
      "type": "string",
      "description": "A size in bytes with a unit: B, KB, MB, GB, TB (powers of 1000) or KiB, MiB, GiB, TiB, PiB (powers of 1024): 50MiB, 500GiB, 2TiB.",
      "pattern": "^[0-9]+(\\.[0-9]+)?(B|KB|MB|GB|TB|PB|KiB|MiB|GiB|TiB|PiB)$",
      "x-error-message": "must be a size such as 500MiB, 100GiB or 2TiB"
    },
    "money": {
      "type": "string",
      "description": "An amount of money as a quoted decimal string with at most 4 decimals, e.g. \"199.99\". Never a float: binary floating point cannot represent cents exactly.",
      "pattern": "^[0-9]+(\\.[0-9]{1,4})?$",
      "x-error-message": "must be an amount written as a quoted decimal string, such as \"199.99\""
    },
    "percent": {
      "type": "number",
      "description": "A percentage, 0 to 100.",
      "minimum": 0,
      "maximum": 100
    },
    "cidr": {
      "type": "string",
      "description": "An IPv4 or IPv6 network in CIDR notation: 10.0.0.0/8, 2001:db8::/32. Octets and the prefix without leading zeros, the prefix at most 32 (IPv4) or 128 (IPv6); validate also requires the host bits to be zero (10.0.0.0/8, not 10.0.0.1/8), which a pattern cannot say.",
      "pattern": "^(((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])/(3[0-2]|[12]?[0-9])|(([0-9a-fA-F]{1,4}:){6}([0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|::([0-9a-fA-F]{1,4}:){5}([0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|([0-9a-fA-F]{1,4})?::([0-9a-fA-F]{1,4}:){4}([0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(([0-9a-fA-F]{1,4}:){0,1}[0-9a-fA-F]{1,4})?::([0-9a-fA-F]{1,4}:){3}([0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(([0-9a-fA-F]{1,4}:){0,2}[0-9a-fA-F]{1,4})?::([0-9a-fA-F]{1,4}:){2}([0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(([0-9a-fA-F]{1,4}:){0,3}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}:([0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(([0-9a-fA-F]{1,4}:){0,4}[0-9a-fA-F]{1,4})?::([0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}|((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9]))|(([0-9a-fA-F]{1,4}:){0,5}[0-9a-fA-F]{1,4})?::[0-9a-fA-F]{1,4}|(([0-9a-fA-F]{1,4}:){0,6}[0-9a-fA-F]{1,4})?::)/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$",
      "x-error-message": "must be a network in CIDR notation, such as 10.0.0.0/8 or 2001:db8::/32 (prefix at most 32 for IPv4, 128 for IPv6)"
    },
    "email": {
      "type": "string",
      "description": "An e-mail address as Tenancy accepts it: a dot-atom local part (letters, digits and !#$%&'*+/=?^_`{|}~- in dot-separated runs, at most 64 characters) and a host name with at least one dot (letters, digits and inner hyphens; A-labels for international names). Quoted local parts, IP literals and non-ASCII addresses are not accepted.",
      "format": "email",
      "pattern": "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$",
      "x-error-message": "must be an e-mail address such as jo.chen@acme.example (a dot-atom local part and a host name with a dot; no quotes, IP literals or non-ASCII)"
    },
    "httpsURL": {
      "type": "string",
      "description": "An https URL without credentials.",
      "format": "uri",
      "pattern": "^https://[^/@\\s]+(/\\S*)?$",
      "x-error-message": "must be an https:// URL without user name or password"
    },
    "hostname": {
      "type": "string",
      "description": "A domain name.",
      "format": "hostname"
    },
    "secretRef": {
      "type": "object",
      "description": "A reference to a secret kept outside the manifests: env:NAME reads an environment variable, file:PATH a regular file of at most 64 KiB inside the configuration's folder (or a folder tenancy.yaml allows under spec.secrets.allowedFolders). Tenancy stores only a keyed digest of the value (HMAC-SHA-256 with a key of the state's own), never the value.",
      "properties": {
        "secretRef": {
          "type": "string",
          "pattern": "^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$",
          "x-error-message": "must be env:NAME or file:PATH"
        }
      },
      "required": [
        "secretRef"
      ],
      "additionalProperties": false,
      "x-error-message": "secrets are never written into manifests: use {secretRef: \"env:NAME\"} or {secretRef: \"file:PATH\"}"
    },
    "permission": {
      "type": "string",
      "description": "A permission from the fixed catalogue.",
      "enum": [
        "workflow.read",
        "workflow.write",
        "workflow.delete",
        "execution.run",
        "execution.approve",
        "execution.cancel",
        "integration.read",
        "integration.write",
        "settings.read",
        "settings.write",
        "billing.read",
        "billing.write",
        "audit.read",
        "team.read",
        "team.write",
        "apikey.manage"
      ]
    },
    "labels": {
      "type": "object",
      "description": "Free-form labels for selecting and reporting: lowercase keys, string values.",
      "propertyNames": {
        "pattern": "^[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?$"
      },
      "additionalProperties": {
        "type": "string",
        "maxLength": 253
      }
    },
    "metadata": {
      "type": "object",
      "description": "Name, description and labels.",
      "properties": {
        "name": {
          "description": "The object's name, unique per kind; its address is Kind/name.",
          "allOf": [
            {
              "$ref": "#/definitions/name"
            }
          ]
        },
        "description": {
          "type": "string",
          "description": "What this object is for.",
          "maxLength": 1024
        },
        "labels": {
          "$ref": "#/definitions/labels"
        },
        "previousNames": {
          "type": "array",
          "description": "Names this object had before; a rename keeps its identity (id, creation time, data) instead of deleting and creating it. A set: order does not matter, each value once.",
          "items": {
            "$ref": "#/definitions/name"
          },
          "uniqueItems": true
        }
      },
      "required": [
        "name"
      ],
      "additionalProperties": false
    },
    "policy": {
      "type": "object",
      "description": "Access and usage policy.",
      "properties": {
        "approvals": {
          "type": "object",
          "description": "Execution approvals.",
          "properties": {
            "required": {
              "type": "boolean",
              "description": "Whether executions need approval before they run.",
              "default": false
            },
            "minApprovers": {
              "type": "integer",
              "description": "How many people must approve.",
              "minimum": 1,
              "maximum": 10,
              "default": 1
            },
            "approverTeams": {
              "type": "array",
              "description": "Teams whose members may approve. A set: order does not matter, each value once.",
              "items": {
                "$ref": "#/definitions/name"
              },
              "uniqueItems": true
            },
            "environments": {
              "type": "array",
              "description": "Environments where approval is required. A set: order does not matter, each value once.",
              "items": {
                "enum": [
                  "production",
                  "staging",
                  "development"
                ]
              },
              "uniqueItems": true
            }
          },
          "additionalProperties": false
        },
        "integrations": {
          "type": "object",
          "description": "External integration controls.",
          "properties": {
            "allowedKinds": {
              "type": "array",
              "description": "Kinds of external integration that workflows may use. A set: order does not matter, each value once.",
              "items": {
                "enum": [
                  "slack",
                  "email",
                  "webhook",
                  "sso"
                ]
              },
              "uniqueItems": true
            },
            "allowedDomains": {
              "type": "array",
              "description": "Domains that workflows may call. A set: order does not matter, each value once.",
              "items": {
                "$ref": "#/definitions/hostname"
              },
              "uniqueItems": true
            }
          },
          "additionalProperties": false
        },
        "auditLogging": {
          "type": "object",
          "description": "Audit logging.",
          "properties": {
            "enabled": {
              "type": "boolean",
              "description": "Whether actions are written to the audit log.",
              "default": true
            },
            "level": {
              "type": "string",
              "description": "How much is logged.",
              "enum": [
                "minimal",
                "standard",
                "detailed"
              ],
              "default": "standard"
            }
          },
          "additionalProperties": false
        },
        "mfa": {
          "type": "object",
          "description": "Multi-factor authentication.",
          "properties": {
            "required": {
              "type": "boolean",
              "description": "Whether members must use multi-factor authentication.",
              "default": true
            },
            "methods": {
              "type": "array",
              "description": "Accepted second factors. A set: order does not matter, each value once.",
              "items": {
                "enum": [
                  "totp",
                  "webauthn",
                  "sms",
                  "piv"
                ]
              },
              "uniqueItems": true,
              "minItems": 1
            }
          },
          "additionalProperties": false
        },
        "apiKeys": {
          "type": "object",
          "description": "API keys.",
          "properties": {
            "enabled": {
              "type": "boolean",
              "description": "Whether members may create API keys.",
              "default": true
            },
            "maxAge": {
              "description": "Longest lifetime of a key (duration).",
              "allOf": [
                {
                  "$ref": "#/definitions/duration"
                }
              ]
            },
            "maxPerUser": {
              "type": "integer",
              "description": "Keys one member may hold.",
              "minimum": 0,
              "maximum": 100
            },
            "scopes": {
              "type": "array",
              "description": "Permissions a key may carry. A set: order does not matter, each value once.",
              "items": {
                "$ref": "#/definitions/permission"
              },
              "uniqueItems": true
            }
          },
          "additionalProperties": false
        },
        "sessionTimeout": {
          "type": "object",
          "description": "Session timeouts.",
          "properties": {
            "idle": {
              "description": "Sign out after this long without activity (duration).",
              "allOf": [
                {
                  "$ref": "#/definitions/duration"
                }
              ]
            },
            "absolute": {
              "description": "Sign out after this long regardless of activity (duration).",
              "allOf": [
                {
                  "$ref": "#/definitions/duration"
                }
              ]
            }
          },
          "additionalProperties": false
        },
        "allowedFileTypes": {
          "type": "array",
          "description": "File extensions that may be uploaded (lowercase, no dot). A set: order does not matter, each value once.",
          "items": {
            "type": "string",
            "pattern": "^[a-z0-9]+$"
          },
          "uniqueItems": true
        },
        "maxUploadSize": {
          "description": "Largest upload (size).",
          "allOf": [
            {
              "$ref": "#/definitions/size"
            }
          ]
        },
        "blockedDomains": {
          "type": "array",
          "description": "Domains workflows may never call. A set: order does not matter, each value once.",
          "items": {
            "$ref": "#/definitions/hostname"
          },
          "uniqueItems": true
        },
        "inactiveAccountsDisabledAfter": {
          "description": "Disable accounts unused for this long (duration).",
          "allOf": [
            {
              "$ref": "#/definitions/duration"
            }
          ]
        }
      },
      "additionalProperties": false
    },
    "quotas": {
      "type": "object",
      "description": "Resource quotas.",
      "properties": {
        "users": {
          "type": "integer",
          "description": "Maximum members.",
          "minimum": 1,
          "maximum": 9007199254740991
        },
        "concurrentConnections": {
          "type": "integer",
          "description": "Maximum simultaneous connections.",
          "minimum": 1,
          "maximum": 9007199254740991
        },
        "workflows": {
          "type": "integer",
          "description": "Maximum workflows.",
          "minimum": 0,
          "maximum": 9007199254740991
        },
        "executionsPerDay": {
          "type": "integer",
          "description": "Maximum executions per day.",
          "minimum": 0,
          "maximum": 9007199254740991
        },
        "storage": {
          "description": "Data storage (size).",
          "allOf": [
            {
              "$ref": "#/definitions/size"
            }
          ]
        },
        "archiveStorage": {
          "description": "Archive storage (size).",
          "allOf": [
            {
              "$ref": "#/definitions/size"
            }
          ]
        },
        "cpuUnits": {
          "type": "integer",
          "description": "CPU units (1 unit = 1 vCPU).",
          "minimum": 1,
          "maximum": 9007199254740991
        },
        "memory": {
          "description": "Memory (size).",
          "allOf": [
            {
              "$ref": "#/definitions/size"
            }
          ]
        },
        "maxExecutionTime": {
          "description": "Longest single execution (duration).",
          "allOf": [
            {
              "$ref": "#/definitions/duration"
            }
          ]
        },
        "apiRate": {
          "type": "object",
          "description": "API request rate.",
          "properties": {
            "perMinute": {
              "type": "integer",
              "description": "API requests per minute.",
              "minimum": 1,
              "maximum": 9007199254740991
            },
            "burst": {
              "type": "integer",
              "description": "Requests allowed above the rate in a burst.",
              "minimum": 0,
              "maximum": 9007199254740991
            }
          },
          "additionalProperties": false
        }
      },
      "additionalProperties": false
    },
    "security": {
      "type": "object",
      "description": "Network and data security.",
      "properties": {
        "ipAllowlist": {
          "type": "array",
          "description": "Networks that may reach the workspace (IPv4 and IPv6 CIDRs). A set: order does not matter, each value once.",
          "items": {
            "$ref": "#/definitions/cidr"
          },
          "uniqueItems": true
        },
        "geo": {
          "type": "object",
          "description": "Where the workspace may be reached from, by the country of the client's address: allowed countries only, or every country but the blocked ones (not both).",
          "properties": {
            "allowedCountries": {
              "type": "array",
              "description": "Only these countries (ISO 3166-1 alpha-2). A set.",
              "items": {
                "$ref": "#/definitions/countryCode"
              },
              "uniqueItems": true,
              "minItems": 1
            },
            "blockedCountries": {
              "type": "array",
              "description": "Every country but these (ISO 3166-1 alpha-2). A set.",
              "items": {
                "$ref": "#/definitions/countryCode"
              },
              "uniqueItems": true,
              "minItems": 1
            }
          },
          "not": {
            "required": [
              "allowedCountries",
              "blockedCountries"
            ]
          },
          "additionalProperties": false
        },
        "vpnRequired": {
          "type": "boolean",
          "description": "Whether access requires the corporate VPN.",
          "default": false
        },
        "tls": {
          "type": "object",
          "description": "Transport security.",
          "properties": {
            "required": {
              "type": "boolean",
              "description": "Whether plain-text connections are refused.",
              "default": true
            },
            "minVersion": {
              "type": "string",
              "description": "Oldest TLS version accepted.",
              "enum": [
                "1.2",
                "1.3"
              ],
              "default": "1.2"
            }
          },
          "additionalProperties": false
        },
        "encryption": {
          "type": "object",
          "description": "Encryption.",
          "properties": {
            "atRest": {
              "type": "boolean",
              "description": "Encrypt stored data.",
              "default": true
            },
            "inTransit": {
              "type": "boolean",
              "description": "Encrypt data in transit between services.",
              "default": true
            },
            "keyManagement": {
              "type": "object",
              "description": "Key management.",
              "properties": {
                "type": {
                  "type": "string",
                  "description": "Who manages the keys.",
                  "enum": [
                    "platform",
                    "customer-managed"
                  ],
                  "default": "platform"
                },
                "keyRef": {
                  "type": "string",
                  "description": "The customer-managed key, e.g. aws-kms:ARN, gcp-kms:RESOURCE, azure-kv:URL.",
                  "pattern": "^(aws-kms|gcp-kms|azure-kv):.+$",
                  "x-error-message": "must be aws-kms:…, gcp-kms:… or azure-kv:…"
                }
              },
              "required": [
                "type"
              ],
              "additionalProperties": false,
              "if": {
                "properties": {
                  "type": {
                    "const": "customer-managed"
                  }
                }
              },
              "then": {
                "required": [
                  "keyRef"
                ]
              }
            }
          },
          "additionalProperties": false
        },
        "rateLimit": {
          "type": "object",
          "description": "Rate limiting of inbound requests.",
          "properties": {
            "requestsPerMinute": {
              "type": "integer",
              "description": "Requests per minute per client.",
              "minimum": 1,
              "maximum": 9007199254740991
            },
            "burst": {
              "type": "integer",
              "description": "Requests allowed above the rate in a burst.",
              "minimum": 0,
              "maximum": 9007199254740991
            }
          },
          "additionalProperties": false
        }
      },
      "additionalProperties": false
    },
    "billing": {
      "type": "object",
      "description": "Billing.",
      "properties": {
        "tier": {
          "type": "string",
          "description": "Plan tier: starter ($29.99/month), enterprise ($199.99/month) or custom (with its price).",
          "enum": [
            "starter",
            "enterprise",
            "custom"
          ]
        },
        "price": {
          "description": "Monthly price of a custom tier.",
          "allOf": [
            {
              "$ref": "#/definitions/money"
            }
          ]
        },
        "currency": {
          "$ref": "#/definitions/currencyCode",
          "default": "USD"
        },
        "usagePricing": {
          "type": "object",
          "description": "Usage-based pricing.",
          "properties": {
            "perExecution": {
              "description": "Price per execution.",
              "allOf": [
                {
                  "$ref": "#/definitions/money"
                }
              ]
            },
            "perGiBMonth": {
              "description": "Price per GiB-month of storage.",
              "allOf": [
                {
                  "$ref": "#/definitions/money"
                }
              ]
            },
            "perThousandApiCalls": {
              "description": "Price per 1,000 API calls.",
              "allOf": [
                {
                  "$ref": "#/definitions/money"
                }
              ]
            }
          },
          "additionalProperties": false
        },
        "overage": {
          "type": "object",
          "description": "Overage.",
          "properties": {
            "allowed": {
              "type": "boolean",
              "description": "Whether usage may exceed the plan.",
              "default": false
            },
            "cap": {
              "description": "Most overage charged per month.",
              "allOf": [
                {
                  "$ref": "#/definitions/money"
                }
              ]
            }
          },
          "additionalProperties": false
        },
        "budget": {
          "description": "Monthly budget: the amount the budgetAlerts percentages refer to (tenancy billing reports the thresholds crossed and projected).",
          "allOf": [
            {
              "$ref": "#/definitions/money"
            }
          ]
        },
        "budgetAlerts": {
          "type": "array",
          "description": "Alert when spend reaches these percentages of the monthly budget, ascending.",
          "items": {
            "$ref": "#/definitions/percent"
          }
        }
      },
      "additionalProperties": false,
      "if": {
        "properties": {
          "tier": {
            "const": "custom"
          }
        },
        "required": [
          "tier"
        ]
      },
      "then": {
        "required": [
          "price"
        ]
      },
      "else": {
        "properties": {
          "price": {
            "not": {},
            "x-error-message": "a price is only set for the custom tier; starter ($29.99/month) and enterprise ($199.99/month) have list prices"
          }
        }
      }
    },
    "retention": {
      "type": "object",
      "description": "Data retention.",
      "properties": {
        "workflowData": {
          "description": "Keep workflow data this long (duration, default 7y).",
          "allOf": [
            {
              "$ref": "#/definitions/duration"
            }
          ]
        },
        "executionLogs": {
          "description": "Keep execution logs this long (duration, default 1y).",
          "allOf": [
            {
              "$ref": "#/definitions/duration"
            }
          ]
        },
        "auditLogs": {
          "description": "Keep audit logs this long (duration, default 7y).",
          "allOf": [
            {
              "$ref": "#/definitions/duration"
            }
          ]
        },
        "userData": {
          "description": "Keep user data this long (duration, default 7y).",
          "allOf": [
            {
              "$ref": "#/definitions/duration"
            }
          ]
        },
        "archive": {
          "type": "object",
          "description": "Archive target.",
          "properties": {
            "provider": {
              "type": "string",
              "description": "Where archives go.",
              "enum": [
                "s3",
                "azure",
                "gcs"
              ]
            },
            "bucket": {
              "type": "string",
              "description": "Bucket (s3, gcs).",
              "minLength": 3,
              "maxLength": 63
            },
            "container": {
              "type": "string",
              "description": "Container (azure).",
              "minLength": 3,
              "maxLength": 63
            },
            "region": {
              "type": "string",
              "description": "Provider region."
            },
            "compression": {
              "type": "string",
              "description": "Compression of archives.",
              "enum": [
                "none",
                "gzip",
                "zstd"
              ],
              "default": "gzip"
            },
            "encryption": {
              "type": "boolean",
              "description": "Encrypt archives.",
              "default": true
            },
            "retention": {
              "description": "Keep archives this long (duration); at least as long as the active retention.",
              "allOf": [
                {
                  "$ref": "#/definitions/duration"
                }
              ]
            }
          },
          "required": [
            "provider"
          ],
          "additionalProperties": false,
          "if": {
            "properties": {
              "provider": {
                "const": "azure"
              }
            }
          },
          "then": {
            "required": [
              "container"
            ]
          },
          "else": {
            "required": [
              "bucket"
            ]
          }
        },
        "gdpr": {
          "type": "object",
          "description": "GDPR.",
          "properties": {
            "dataSubjectRequests": {
              "type": "boolean",
              "description": "Whether data-subject requests are handled.",
              "default": true
            },
            "erasureWindow": {
              "description": "Time allowed to erase a subject's data (duration).",
              "allOf": [
                {
                  "$ref": "#/definitions/duration"
                }
              ]
            },
            "portabilityFormat": {
              "type": "string",
              "description": "Format of data exports.",
              "enum": [
                "json",
                "csv",
                "xml"
              ],
              "default": "json"
            },
            "consentRequired": {
              "type": "boolean",
              "description": "Whether processing needs recorded consent.",
              "default": true
            }
          },
          "additionalProperties": false
        }
      },
      "additionalProperties": false
    },
    "notification": {
      "type": "object",
      "description": "Route an event to an integration (docs/notifications.md: each event, its payload, and when it fires again).",
      "properties": {
        "event": {
          "type": "string",
          "description": "The event. Tenancy delivers quota.*, billing.*, security.alert and tenancy.applied (and drift.detected); execution.* are the platform's own events, published in the export for the platform to deliver.",
          "enum": [
            "execution.failed",
            "execution.succeeded",
            "quota.warning",
            "quota.exceeded",
            "security.alert",
            "billing.threshold",
            "billing.over-budget",
            "tenancy.applied",
            "drift.detected"
          ]
        },
        "integration": {
          "description": "The Integration to notify.",
          "allOf": [
            {
              "$ref": "#/definitions/name"
            }
          ]
        },
        "percent": {
          "type": "number",
          "description": "quota.warning: the usage percentage of each quota's limit that triggers it (required). billing.threshold: only this budget alert percentage (default: every one in spec.billing.budgetAlerts). 1 to 100.",
          "minimum": 1,
          "maximum": 100,
          "x-error-message": "must be a percentage from 1 to 100"
        }
      },
      "required": [
        "event",
        "integration"
      ],
      "additionalProperties": false,
      "allOf": [
        {
          "if": {
            "properties": {
              "event": {
                "const": "quota.warning"
              }
            },
            "required": [
              "event"
            ]
          },
          "then": {
            "required": [
              "percent"
            ]
          }
        },
        {
          "if": {
            "properties": {
              "event": {
                "enum": [
                  "execution.failed",
                  "execution.succeeded",
                  "quota.exceeded",
                  "security.alert",
                  "billing.over-budget",
                  "tenancy.applied",
                  "drift.detected"
                ]
              }
            },
            "required": [
              "event"
            ]
          },
          "then": {
            "properties": {
              "percent": {
                "not": {},
                "x-error-message": "`percent` applies to quota.warning and billing.threshold only"
              }
            }
          }
        }
      ]
    },
    "Workspace": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "Workspace"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "An isolated tenant workspace.",
          "properties": {
            "displayName": {
              "type": "string",
              "description": "Name shown to people.",
              "maxLength": 100
            },
            "template": {
              "description": "The Template whose defaults and rules apply (default: the organization's defaultTemplate).",
              "allOf": [
                {
                  "$ref": "#/definitions/name"
                }
              ]
            },
            "profiles": {
              "type": "array",
              "description": "Profiles (rule sets such as soc2 and gdpr) whose rules add to the template's. Order does not matter.",
              "items": {
                "$ref": "#/definitions/name"
              },
              "uniqueItems": true
            },
            "protected": {
              "type": "boolean",
              "description": "Refuse to delete this workspace, even with --allow-destroy.",
              "default": false
            },
            "policy": {
              "$ref": "#/definitions/policy"
            },
            "quotas": {
              "$ref": "#/definitions/quotas"
            },
            "security": {
              "$ref": "#/definitions/security"
            },
            "billing": {
              "$ref": "#/definitions/billing"
            },
            "retention": {
              "$ref": "#/definitions/retention"
            },
            "notifications": {
              "type": "array",
              "description": "Events routed to integrations.",
              "items": {
                "$ref": "#/definitions/notification"
              }
            },
            "plugins": {
              "type": "array",
              "description": "Plugins installed in the workspace (a template's are pre-installed; a workspace's own list replaces them).",
              "items": {
                "$ref": "#/definitions/plugin"
              }
            },
            "workflowTemplates": {
              "type": "array",
              "description": "Workflows the workspace starts with (a template's list, unless the workspace gives its own).",
              "items": {
                "$ref": "#/definitions/workflowTemplate"
              }
            },
            "usageTracking": {
              "$ref": "#/definitions/usageTracking"
            }
          },
          "additionalProperties": false
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata",
        "spec"
      ],
      "additionalProperties": false
    },
    "Organization": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "Organization"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "The organization: one per configuration.",
          "properties": {
            "displayName": {
              "type": "string",
              "description": "Name shown to people.",
              "maxLength": 100
            },
            "billingContact": {
              "description": "Where invoices go.",
              "allOf": [
                {
                  "$ref": "#/definitions/email"
                }
              ]
            },
            "defaultTemplate": {
              "description": "Template for workspaces that name none.",
              "allOf": [
                {
                  "$ref": "#/definitions/name"
                }
              ]
            },
            "limits": {
              "type": "object",
              "description": "Organization-wide caps; the sum of workspace quotas must stay within them.",
              "properties": {
                "users": {
                  "type": "integer",
                  "description": "Most users across all workspaces.",
                  "minimum": 1,
                  "maximum": 9007199254740991
                },
                "storage": {
                  "description": "Most storage across all workspaces (size).",
                  "allOf": [
                    {
                      "$ref": "#/definitions/size"
                    }
                  ]
                },
                "workspaces": {
                  "type": "integer",
                  "description": "Most workspaces.",
                  "minimum": 1,
                  "maximum": 9007199254740991
                }
              },
              "additionalProperties": false
            },
            "sso": {
              "type": "object",
              "description": "Single sign-on.",
              "properties": {
                "allowedProviders": {
                  "type": "array",
                  "description": "SSO Integrations members may sign in with. A set: order does not matter, each value once.",
                  "items": {
                    "$ref": "#/definitions/name"
                  },
                  "uniqueItems": true
                }
              },
              "additionalProperties": false
            },
            "notifications": {
              "type": "array",
              "description": "Events routed to integrations for every workspace (beside each workspace's own list), and the organization's own security alerts.",
              "items": {
                "$ref": "#/definitions/notification"
              }
            }
          },
          "required": [
            "billingContact"
          ],
          "additionalProperties": false
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata",
        "spec"
      ],
      "additionalProperties": false
    },
    "Team": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "Team"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "People and the access they share.",
          "properties": {
            "members": {
              "type": "array",
              "description": "Members' e-mail addresses. A set: order does not matter, each value once.",
              "items": {
                "$ref": "#/definitions/email"
              },
              "uniqueItems": true
            },
            "maintainers": {
              "type": "array",
              "description": "Who may change the team; each must also be a member. A set: order does not matter, each value once.",
              "items": {
                "$ref": "#/definitions/email"
              },
              "uniqueItems": true
            },
            "access": {
              "type": "array",
              "description": "Workspace access grants.",
              "items": {
                "type": "object",
                "description": "A grant of a role in a workspace.",
                "properties": {
                  "workspace": {
                    "description": "The Workspace.",
                    "allOf": [
                      {
                        "$ref": "#/definitions/name"
                      }
                    ]
                  },
                  "role": {
                    "description": "A built-in role (owner, admin, editor, viewer, billing-admin, auditor) or a Role.",
                    "allOf": [
                      {
                        "$ref": "#/definitions/name"
                      }
                    ]
                  }
                },
                "required": [
                  "workspace",
                  "role"
                ],
                "additionalProperties": false
              }
            }
          },
          "required": [
            "members"
          ],
          "additionalProperties": false
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata",
        "spec"
      ],
      "additionalProperties": false
    },
    "Role": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "Role"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "A custom role.",
          "properties": {
            "permissions": {
              "type": "array",
              "description": "What the role allows. A set: order does not matter, each value once.",
              "items": {
                "$ref": "#/definitions/permission"
              },
              "uniqueItems": true,
              "minItems": 1
            }
          },
          "required": [
            "permissions"
          ],
          "additionalProperties": false
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata",
        "spec"
      ],
      "additionalProperties": false
    },
    "Integration": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "Integration"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "Exactly one of slack, email, webhook or sso.",
          "properties": {
            "slack": {
              "type": "object",
              "description": "Slack.",
              "properties": {
                "channel": {
                  "type": "string",
                  "description": "Channel, with its #.",
                  "pattern": "^#[a-z0-9._-]{1,80}$",
                  "x-error-message": "must be a channel name such as #eng-alerts"
                },
                "webhook": {
                  "description": "The incoming-webhook URL (a secret).",
                  "allOf": [
                    {
                      "$ref": "#/definitions/secretRef"
                    }
                  ]
                },
                "caFile": {
                  "type": "string",
                  "minLength": 1,
                  "description": "A PEM file of the CA(s) to trust for this receiver's certificate, relative to the configuration's root unless absolute (a private CA). Without it the system's trust store is used; the machine's trust store is never changed."
                }
              },
              "required": [
                "channel",
                "webhook"
              ],
              "additionalProperties": false
            },
            "email": {
              "type": "object",
              "description": "E-mail over SMTP with TLS (STARTTLS on port 587 by default, or implicit TLS on 465).",
              "properties": {
                "addresses": {
                  "type": "array",
                  "description": "Recipients. A set: order does not matter, each value once.",
                  "items": {
                    "$ref": "#/definitions/email"
                  },
                  "uniqueItems": true,
                  "minItems": 1
                },
                "host": {
                  "type": "string",
                  "description": "The SMTP server's host name or address.",
                  "minLength": 1,
                  "maxLength": 253,
                  "pattern": "^[A-Za-z0-9.:\\[\\]-]+$",
                  "x-error-message": "must be a host name or address such as smtp.example.com"
                },
                "port": {
                  "type": "integer",
                  "description": "The SMTP port (default 587 with starttls, 465 with implicit TLS).",
                  "minimum": 1,
                  "maximum": 65535
                },
                "from": {
                  "description": "The sender address (envelope and From header).",
                  "allOf": [
                    {
                      "$ref": "#/definitions/email"
                    }
                  ]
                },
                "username": {
                  "type": "string",
                  "description": "The login name for SMTP authentication (with password).",
                  "minLength": 1
                },
                "password": {
                  "description": "The login password (a secret).",
                  "allOf": [
                    {
                      "$ref": "#/definitions/secretRef"
                    }
                  ]
                },
                "tls": {
                  "type": "string",
                  "description": "starttls (the default: the connection is upgraded, and a server that does not offer it is refused) or implicit (TLS from the first byte). Mail is never sent in clear text.",
                  "enum": [
                    "starttls",
                    "implicit"
                  ],
                  "default": "starttls"
                },
                "caFile": {
                  "type": "string",
                  "minLength": 1,
                  "description": "A PEM file of the CA(s) to trust for this receiver's certificate, relative to the configuration's root unless absolute (a private CA). Without it the system's trust store is used; the machine's trust store is never changed."
                }
              },
              "required": [
                "addresses",
                "host",
                "from"
              ],
              "additionalProperties": false,
              "dependencies": {
                "username": [
                  "password"
                ],
                "password": [
                  "username"
                ]
              }
            },
            "webhook": {
              "type": "object",
              "description": "Generic webhook.",
              "properties": {
                "url": {
                  "description": "Where events are POSTed: an https URL, or a secret reference to one when the URL carries a credential (a token in its path or query).",
                  "oneOf": [
                    {
                      "$ref": "#/definitions/httpsURL"
                    },
                    {
                      "$ref": "#/definitions/secretRef"
                    }
                  ]
                },
                "signingSecret": {
                  "description": "Key for the HMAC signature header.",
                  "allOf": [
                    {
                      "$ref": "#/definitions/secretRef"
                    }
                  ]
                },
                "caFile": {
                  "type": "string",
                  "minLength": 1,
                  "description": "A PEM file of the CA(s) to trust for this receiver's certificate, relative to the configuration's root unless absolute (a private CA). Without it the system's trust store is used; the machine's trust store is never changed."
                }
              },
              "required": [
                "url"
              ],
              "additionalProperties": false
            },
            "sso": {
              "type": "object",
              "description": "Single sign-on identity provider.",
              "properties": {
                "protocol": {
                  "type": "string",
                  "description": "saml or oidc.",
                  "enum": [
                    "saml",
                    "oidc"
                  ]
                },
                "issuer": {
                  "description": "Identity provider issuer / entity id.",
                  "allOf": [
                    {
                      "$ref": "#/definitions/httpsURL"
                    }
                  ]
                },
                "metadataUrl": {
                  "description": "SAML metadata document: an https URL, or a secret reference to one when the URL carries a credential.",
                  "oneOf": [
                    {
                      "$ref": "#/definitions/httpsURL"
                    },
                    {
                      "$ref": "#/definitions/secretRef"
                    }
                  ]
                },
                "clientId": {
                  "type": "string",
                  "description": "OIDC client id.",
                  "minLength": 1
                },
                "clientSecret": {
                  "description": "OIDC client secret.",
                  "allOf": [
                    {
                      "$ref": "#/definitions/secretRef"
                    }
                  ]
                }
              },
              "required": [
                "protocol",
                "issuer"
              ],
              "additionalProperties": false,
              "if": {
                "properties": {
                  "protocol": {
                    "const": "oidc"
                  }
                }
              },
              "then": {
                "required": [
                  "clientId",
                  "clientSecret"
                ]
              }
            }
          },
          "additionalProperties": false,
          "minProperties": 1,
          "maxProperties": 1
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata",
        "spec"
      ],
      "additionalProperties": false
    },
    "ServiceAccount": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "ServiceAccount"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "A non-human identity.",
          "properties": {
            "workspace": {
              "description": "The Workspace it acts in.",
              "allOf": [
                {
                  "$ref": "#/definitions/name"
                }
              ]
            },
            "role": {
              "description": "Its role there.",
              "allOf": [
                {
                  "$ref": "#/definitions/name"
                }
              ]
            },
            "apiKey": {
              "type": "object",
              "description": "API key metadata. Key material is never written in manifests.",
              "properties": {
                "expiresIn": {
                  "description": "Key lifetime (duration).",
                  "allOf": [
                    {
                      "$ref": "#/definitions/duration"
                    }
                  ]
                },
                "rotationPeriod": {
                  "description": "Rotate keys this often (duration).",
                  "allOf": [
                    {
                      "$ref": "#/definitions/duration"
                    }
                  ]
                },
                "scopes": {
                  "type": "array",
                  "description": "Permissions the key carries. A set: order does not matter, each value once.",
                  "items": {
                    "$ref": "#/definitions/permission"
                  },
                  "uniqueItems": true
                }
              },
              "additionalProperties": false
            }
          },
          "required": [
            "workspace",
            "role"
          ],
          "additionalProperties": false
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata",
        "spec"
      ],
      "additionalProperties": false
    },
    "rule": {
      "type": "object",
      "description": "An enforced rule: a workspace may not set the field to anything weaker.",
      "properties": {
        "id": {
          "type": "string",
          "description": "The rule's name within its template (idle-timeout): reports, SARIF and framework catalogs name a rule by it. Default: the field.",
          "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"
        },
        "field": {
          "type": "string",
          "description": "The workspace field the rule constrains, as a path under spec: policy.sessionTimeout.idle.",
          "pattern": "^[a-zA-Z]+(\\.[a-zA-Z]+)*$"
        },
        "equals": {
          "description": "The value the field must have."
        },
        "min": {
          "description": "Lower bound: a number, a duration or a size, or {field: PATH}, another field of the workspace. Years are calendar years: 2191d is not at least 6y.",
          "oneOf": [
            {
              "type": [
                "number",
                "string"
              ]
            },
            {
              "$ref": "#/definitions/fieldReference"
            }
          ]
        },
        "max": {
          "description": "Upper bound: a number, a duration or a size, or {field: PATH}, another field of the workspace.",
          "oneOf": [
            {
              "type": [
                "number",
                "string"
              ]
            },
            {
              "$ref": "#/definitions/fieldReference"
            }
          ]
        },
        "oneOf": {
          "type": "array",
          "description": "Values the field may take.",
          "minItems": 1
        },
        "includes": {
          "type": "array",
          "description": "Values the list must hold, in any order.",
          "minItems": 1
        },
        "excludes": {
          "type": "array",
          "description": "Values the list must not hold.",
          "minItems": 1
        },
        "subsetOf": {
          "type": "array",
          "description": "The only values the list may hold (any of them, in any order).",
          "minItems": 1
        },
        "present": {
          "const": true,
          "description": "The field must be set, to any value."
        },
        "when": {
          "type": "object",
          "description": "The rule applies only when this field is set (and, with equals, has that value).",
          "properties": {
            "field": {
              "type": "string",
              "description": "A path under spec.",
              "pattern": "^[a-zA-Z]+(\\.[a-zA-Z]+)*$"
            },
            "equals": {
              "description": "The value the field must have for the rule to apply."
            }
          },
          "required": [
            "field"
          ],
          "additionalProperties": false
        },
        "enforcement": {
          "type": "string",
          "description": "mandatory: a failure is an error and blocks apply; advisory: a warning.",
          "enum": [
            "mandatory",
            "advisory"
          ],
          "default": "mandatory"
        },
        "source": {
          "type": "string",
          "description": "Where the rule comes from: a regulation's control id or a policy.",
          "minLength": 1
        },
        "reason": {
          "type": "string",
          "description": "What the control requires and, where the regulation sets no number, that the value is the template's choice."
        }
      },
      "required": [
        "field",
        "source"
      ],
      "additionalProperties": false,
      "anyOf": [
        {
          "required": [
            "equals"
          ]
        },
        {
          "required": [
            "min"
          ]
        },
        {
          "required": [
            "max"
          ]
        },
        {
          "required": [
            "oneOf"
          ]
        },
        {
          "required": [
            "includes"
          ]
        },
        {
          "required": [
            "excludes"
          ]
        },
        {
          "required": [
            "subsetOf"
          ]
        },
        {
          "required": [
            "present"
          ]
        }
      ]
    },
    "Template": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "Template"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "Defaults and enforced rules for workspaces, or (profile: true) rules only.",
          "properties": {
            "profile": {
              "type": "boolean",
              "description": "A profile: rules only (no defaults), named in a workspace's spec.profiles beside its template (soc2, gdpr).",
              "default": false
            },
            "visibility": {
              "type": "string",
              "description": "public: offered to every organization of the platform (templates list --public); private: to this organization only.",
              "enum": [
                "public",
                "private"
              ],
              "default": "private"
            },
            "defaults": {
              "type": "object",
              "description": "Values a workspace gets unless it sets its own.",
              "properties": {
                "policy": {
                  "$ref": "#/definitions/policy"
                },
                "quotas": {
                  "$ref": "#/definitions/quotas"
                },
                "security": {
                  "$ref": "#/definitions/security"
                },
                "billing": {
                  "$ref": "#/definitions/billing"
                },
                "retention": {
                  "$ref": "#/definitions/retention"
                },
                "notifications": {
                  "type": "array",
                  "description": "Events routed to integrations.",
                  "items": {
                    "$ref": "#/definitions/notification"
                  }
                },
                "plugins": {
                  "type": "array",
                  "description": "Plugins installed in the workspace (a template's are pre-installed; a workspace's own list replaces them).",
                  "items": {
                    "$ref": "#/definitions/plugin"
                  }
                },
                "workflowTemplates": {
                  "type": "array",
                  "description": "Workflows the workspace starts with (a template's list, unless the workspace gives its own).",
                  "items": {
                    "$ref": "#/definitions/workflowTemplate"
                  }
                },
                "usageTracking": {
                  "$ref": "#/definitions/usageTracking"
                }
              },
              "additionalProperties": false
            },
            "rules": {
              "type": "array",
              "description": "Rules a workspace using the template must satisfy.",
              "items": {
                "$ref": "#/definitions/rule"
              }
            }
          },
          "additionalProperties": false
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata",
        "spec"
      ],
      "additionalProperties": false
    },
    "Project": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "const": "tenancy/v1",
          "description": "The manifest format version: tenancy/v1."
        },
        "kind": {
          "const": "Project"
        },
        "metadata": {
          "$ref": "#/definitions/metadata"
        },
        "spec": {
          "type": "object",
          "description": "The project file, tenancy.yaml.",
          "properties": {
            "backend": {
              "type": "object",
              "description": "Where state lives: exactly one backend.",
              "properties": {
                "local": {
                  "type": "object",
                  "description": "State in a local file.",
                  "properties": {
                    "path": {
                      "type": "string",
                      "description": "State file, relative to the configuration root.",
                      "default": ".tenancy/state.json"
                    },
                    "keepVersions": {
                      "type": "integer",
                      "description": "How many versions of the state to keep at least (hard links under history/ beside the state) for `tenancy state rollback`. Every version in force since the first day of the previous month (UTC) is kept too, so that bills never change. Default 10.",
                      "minimum": 1,
                      "maximum": 1000,
                      "default": 10
                    }
                  },
                  "additionalProperties": false
                },
                "etcd": {
                  "type": "object",
                  "description": "State in etcd.",
                  "properties": {
                    "endpoints": {
                      "type": "array",
                      "description": "etcd client URLs (or TENANCY_ETCD_ENDPOINTS). A set: order does not matter, each value once.",
                      "items": {
                        "type": "string",
                        "format": "uri"
                      },
                      "uniqueItems": true
                    },
                    "prefix": {
                      "type": "string",
                      "description": "Key prefix for this configuration's state (default /tenancy/<project name>/)."
                    },
                    "lockTTL": {
                      "description": "Lease of the state lock (duration, default 30s): a runner that dies loses its lock this long after its last keep-alive.",
                      "allOf": [
                        {
                          "$ref": "#/definitions/duration"
                        }
                      ]
                    },
                    "timeout": {
                      "description": "How long one request to one endpoint may take before the next endpoint is tried (duration, default 5s).",
                      "allOf": [
                        {
                          "$ref": "#/definitions/duration"
                        }
                      ]
                    },
                    "keepVersions": {
                      "type": "integer",
                      "description": "How many versions of the state to keep at least in etcd for `tenancy state history` and `tenancy state rollback`. Every version in force since the first day of the previous month (UTC) is kept too, so that bills never change. Default 10.",
                      "minimum": 1,
                      "maximum": 1000,
                      "default": 10
                    },
                    "tls": {
                      "type": "object",
                      "description": "TLS for https:// endpoints, as etcdctl's --cacert, --cert and --key: PEM files, relative to the configuration's root unless absolute (or TENANCY_ETCD_CA_FILE, TENANCY_ETCD_CERT_FILE, TENANCY_ETCD_KEY_FILE). Without caFile the system's trust store is used; certFile and keyFile (both or neither) are the client certificate a cluster with --client-cert-auth asks for.",
                      "properties": {
                        "caFile": {
                          "type": "string",
                          "minLength": 1,
                          "description": "The CA certificate(s) that signed the members' server certificates (etcd's --trusted-ca-file)."
                        },
                        "certFile": {
                          "type": "string",
                          "minLength": 1,
                          "description": "The client certificate."
                        },
                        "keyFile": {
                          "type": "string",
                          "minLength": 1,
                          "description": "The client certificate's private key (unencrypted PEM)."
                        }
                      },
                      "dependencies": {
                        "certFile": [
                          "keyFile"
                        ],
                        "keyFile": [
                          "certFile"
                        ]
                      },
                      "additionalProperties": false
                    }
                  },
                  "additionalProperties": false
                }
              },
              "additionalProperties": false,
              "maxProperties": 1
            },
            "paths": {
              "type": "array",
              "description": "Glob patterns of manifests to load, relative to the root (default **/*.yaml). A set: order does not matter, each value once.",
              "items": {
                "type": "string"
              },
              "uniqueItems": true
            },
            "secrets": {
              "type": "object",
              "description": "Where `file:` secrets may be read from. By default only inside the configuration's folder (no absolute paths, no `..` and no symbolic link leading out of it).",
              "properties": {
                "allowedFolders": {
                  "type": "array",
                  "description": "Folders outside the configuration that `file:` secrets may also name (absolute, or relative to the configuration's root), e.g. /run/secrets. A set: order does not matter, each value once.",
                  "items": {
                    "type": "string",
                    "minLength": 1
                  },
                  "uniqueItems": true
                }
              },
              "additionalProperties": false
            }
          },
          "additionalProperties": false
        }
      },
      "required": [
        "apiVersion",
        "kind",
        "metadata"
      ],
      "additionalProperties": false
    },
    "fieldReference": {
      "type": "object",
      "description": "Another field of the same workspace, as a path under spec.",
      "properties": {
        "field": {
          "type": "string",
          "pattern": "^[a-zA-Z]+(\\.[a-zA-Z]+)*$"
        }
      },
      "required": [
        "field"
      ],
      "additionalProperties": false
    },
    "countryCode": {
      "type": "string",
      "description": "An officially assigned ISO 3166-1 alpha-2 country code, upper case (DE, US). `UK` is not one: the United Kingdom is GB.",
      "enum": [
        "AD",
        "AE",
        "AF",
        "AG",
        "AI",
        "AL",
        "AM",
        "AO",
        "AQ",
        "AR",
        "AS",
        "AT",
        "AU",
        "AW",
        "AX",
        "AZ",
        "BA",
        "BB",
        "BD",
        "BE",
        "BF",
        "BG",
        "BH",
        "BI",
        "BJ",
        "BL",
        "BM",
        "BN",
        "BO",
        "BQ",
        "BR",
        "BS",
        "BT",
        "BV",
        "BW",
        "BY",
        "BZ",
        "CA",
        "CC",
        "CD",
        "CF",
        "CG",
        "CH",
        "CI",
        "CK",
        "CL",
        "CM",
        "CN",
        "CO",
        "CR",
        "CU",
        "CV",
        "CW",
        "CX",
        "CY",
        "CZ",
        "DE",
        "DJ",
        "DK",
        "DM",
        "DO",
        "DZ",
        "EC",
        "EE",
        "EG",
        "EH",
        "ER",
        "ES",
        "ET",
        "FI",
        "FJ",
        "FK",
        "FM",
        "FO",
        "FR",
        "GA",
        "GB",
        "GD",
        "GE",
        "GF",
        "GG",
        "GH",
        "GI",
        "GL",
        "GM",
        "GN",
        "GP",
        "GQ",
        "GR",
        "GS",
        "GT",
        "GU",
        "GW",
        "GY",
        "HK",
        "HM",
        "HN",
        "HR",
        "HT",
        "HU",
        "ID",
        "IE",
        "IL",
        "IM",
        "IN",
        "IO",
        "IQ",
        "IR",
        "IS",
        "IT",
        "JE",
        "JM",
        "JO",
        "JP",
        "KE",
        "KG",
        "KH",
        "KI",
        "KM",
        "KN",
        "KP",
        "KR",
        "KW",
        "KY",
        "KZ",
        "LA",
        "LB",
        "LC",
        "LI",
        "LK",
        "LR",
        "LS",
        "LT",
        "LU",
        "LV",
        "LY",
        "MA",
        "MC",
        "MD",
        "ME",
        "MF",
        "MG",
        "MH",
        "MK",
        "ML",
        "MM",
        "MN",
        "MO",
        "MP",
        "MQ",
        "MR",
        "MS",
        "MT",
        "MU",
        "MV",
        "MW",
        "MX",
        "MY",
        "MZ",
        "NA",
        "NC",
        "NE",
        "NF",
        "NG",
        "NI",
        "NL",
        "NO",
        "NP",
        "NR",
        "NU",
        "NZ",
        "OM",
        "PA",
        "PE",
        "PF",
        "PG",
        "PH",
        "PK",
        "PL",
        "PM",
        "PN",
        "PR",
        "PS",
        "PT",
        "PW",
        "PY",
        "QA",
        "RE",
        "RO",
        "RS",
        "RU",
        "RW",
        "SA",
        "SB",
        "SC",
        "SD",
        "SE",
        "SG",
        "SH",
        "SI",
        "SJ",
        "SK",
        "SL",
        "SM",
        "SN",
        "SO",
        "SR",
        "SS",
        "ST",
        "SV",
        "SX",
        "SY",
        "SZ",
        "TC",
        "TD",
        "TF",
        "TG",
        "TH",
        "TJ",
        "TK",
        "TL",
        "TM",
        "TN",
        "TO",
        "TR",
        "TT",
        "TV",
        "TW",
        "TZ",
        "UA",
        "UG",
        "UM",
        "US",
        "UY",
        "UZ",
        "VA",
        "VC",
        "VE",
        "VG",
        "VI",
        "VN",
        "VU",
        "WF",
        "WS",
        "YE",
        "YT",
        "ZA",
        "ZM",
        "ZW"
      ],
      "x-error-message": "must be an ISO 3166-1 alpha-2 country code, upper case (DE, FR, US, GB)",
      "x-did-you-mean": {
        "UK": "GB",
        "EL": "GR"
      }
    },
    "plugin": {
      "type": "object",
      "description": "A plugin installed in the workspace.",
      "properties": {
        "name": {
          "type": "string",
          "description": "The plugin's name in the platform's catalogue (slack, github, datadog).",
          "pattern": "^[a-z0-9]+([-.][a-z0-9]+)*$",
          "maxLength": 100
        },
        "version": {
          "type": "string",
          "description": "A version constraint: an exact version (1.4.2), a range (>=1.4, <2) or a caret or tilde range (^1.4, ~1.4.2).",
          "pattern": "^\\s*(([<>]=?|=|\\^|~)?\\s*v?[0-9]+(\\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?)(\\s*,\\s*([<>]=?|=)?\\s*v?[0-9]+(\\.[0-9]+){0,2}(-[0-9A-Za-z.-]+)?)*\\s*$"
        },
        "settings": {
          "type": "object",
          "description": "The plugin's own settings, passed to it as they are (no secrets: use secretRef values)."
        }
      },
      "required": [
        "name",
        "version"
      ],
      "additionalProperties": false
    },
    "workflowTemplate": {
      "type": "object",
      "description": "A workflow the workspace starts with.",
      "properties": {
        "name": {
          "type": "string",
          "description": "The workflow's name in the workspace.",
          "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
          "maxLength": 63
        },
        "source": {
          "type": "string",
          "description": "Where its definition comes from: a catalogue reference (catalog:onboarding@2) or an https URL.",
          "pattern": "^(catalog:[a-z0-9-]+(@[0-9]+(\\.[0-9]+){0,2})?|https://\\S+)$"
        },
        "parameters": {
          "type": "object",
          "description": "Values for the workflow's parameters."
        }
      },
      "required": [
        "name",
        "source"
      ],
      "additionalProperties": false
    },
    "usageTracking": {
      "type": "object",
      "description": "What usage the platform records for the workspace (the usage export and its analytics).",
      "properties": {
        "enabled": {
          "type": "boolean",
          "description": "Record usage at all.",
          "default": true
        },
        "granularity": {
          "type": "string",
          "description": "How finely usage is recorded.",
          "enum": [
            "daily",
            "hourly"
          ],
          "default": "daily"
        },
        "anonymizeUsers": {
          "type": "boolean",
          "description": "Record usage without user identities (counts only).",
          "default": false
        }
      },
      "additionalProperties": false
    },
    "currencyCode": {
      "type": "string",
      "description": "An ISO 4217 currency code (EUR, USD, JPY), or one of its funds and units of account (CLF, UYW). Precious metals and testing codes (XAU, XTS) are not billing currencies, nor are withdrawn codes (HRK, BGN, ANG).",
      "enum": [
        "AED",
        "AFN",
        "ALL",
        "AMD",
        "AOA",
        "ARS",
        "AUD",
        "AWG",
        "AZN",
        "BAM",
        "BBD",
        "BDT",
        "BHD",
        "BIF",
        "BMD",
        "BND",
        "BOB",
        "BOV",
        "BRL",
        "BSD",
        "BTN",
        "BWP",
        "BYN",
        "BZD",
        "CAD",
        "CDF",
        "CHE",
        "CHF",
        "CHW",
        "CLF",
        "CLP",
        "CNY",
        "COP",
        "COU",
        "CRC",
        "CUP",
        "CVE",
        "CZK",
        "DJF",
        "DKK",
        "DOP",
        "DZD",
        "EGP",
        "ERN",
        "ETB",
        "EUR",
        "FJD",
        "FKP",
        "GBP",
        "GEL",
        "GHS",
        "GIP",
        "GMD",
        "GNF",
        "GTQ",
        "GYD",
        "HKD",
        "HNL",
        "HTG",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "IQD",
        "IRR",
        "ISK",
        "JMD",
        "JOD",
        "JPY",
        "KES",
        "KGS",
        "KHR",
        "KMF",
        "KPW",
        "KRW",
        "KWD",
        "KYD",
        "KZT",
        "LAK",
        "LBP",
        "LKR",
        "LRD",
        "LSL",
        "LYD",
        "MAD",
        "MDL",
        "MGA",
        "MKD",
        "MMK",
        "MNT",
        "MOP",
        "MRU",
        "MUR",
        "MVR",
        "MWK",
        "MXN",
        "MXV",
        "MYR",
        "MZN",
        "NAD",
        "NGN",
        "NIO",
        "NOK",
        "NPR",
        "NZD",
        "OMR",
        "PAB",
        "PEN",
        "PGK",
        "PHP",
        "PKR",
        "PLN",
        "PYG",
        "QAR",
        "RON",
        "RSD",
        "RUB",
        "RWF",
        "SAR",
        "SBD",
        "SCR",
        "SDG",
        "SEK",
        "SGD",
        "SHP",
        "SLE",
        "SOS",
        "SRD",
        "SSP",
        "STN",
        "SVC",
        "SYP",
        "SZL",
        "THB",
        "TJS",
        "TMT",
        "TND",
        "TOP",
        "TRY",
        "TTD",
        "TWD",
        "TZS",
        "UAH",
        "UGX",
        "USD",
        "USN",
        "UYI",
        "UYU",
        "UYW",
        "UZS",
        "VED",
        "VES",
        "VND",
        "VUV",
        "WST",
        "XAF",
        "XCD",
        "XCG",
        "XOF",
        "XPF",
        "YER",
        "ZAR",
        "ZMW",
        "ZWG"
      ],
      "x-error-message": "must be an ISO 4217 currency code, upper case (EUR, USD, JPY)"
    }
  }
}
"""#),
        ("usage.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy usage record",
  "description": "One UTC day of one workspace's usage, as the platform exports it: JSON Lines, one record per line, in one file or a folder of *.jsonl files (docs/usage-format.md). Counts are whole numbers, bytes are whole bytes, durations are seconds. A field left out was not measured that day (not zero).",
  "type": "object",
  "required": [
    "date",
    "workspace"
  ],
  "properties": {
    "date": {
      "type": "string",
      "description": "The UTC day the record covers (YYYY-MM-DD).",
      "format": "date"
    },
    "workspace": {
      "type": "string",
      "description": "The workspace's name (metadata.name).",
      "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
    },
    "users": {
      "type": "object",
      "description": "Members and their sessions.",
      "properties": {
        "total": {
          "$ref": "#/definitions/count",
          "description": "Members at the end of the day (against quotas.users)."
        },
        "active": {
          "$ref": "#/definitions/count",
          "description": "Members who signed in that day."
        },
        "new": {
          "$ref": "#/definitions/count",
          "description": "Members added that day."
        },
        "peakConcurrent": {
          "$ref": "#/definitions/count",
          "description": "Most simultaneous connections (against quotas.concurrentConnections)."
        },
        "byRole": {
          "type": "object",
          "description": "Members by role name (built-in or a Role's), at the end of the day.",
          "propertyNames": {
            "pattern": "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"
          },
          "additionalProperties": {
            "$ref": "#/definitions/count"
          }
        },
        "sessions": {
          "$ref": "#/definitions/count",
          "description": "Sessions that ended that day."
        },
        "sessionSeconds": {
          "$ref": "#/definitions/seconds",
          "description": "Their total length."
        }
      },
      "additionalProperties": false
    },
    "workflows": {
      "type": "object",
      "description": "Workflows.",
      "properties": {
        "count": {
          "$ref": "#/definitions/count",
          "description": "Workflows at the end of the day (against quotas.workflows)."
        }
      },
      "additionalProperties": false
    },
    "executions": {
      "type": "object",
      "description": "Workflow executions that ended that day.",
      "properties": {
        "total": {
          "$ref": "#/definitions/count",
          "description": "All of them (against quotas.executionsPerDay; billed per execution)."
        },
        "succeeded": {
          "$ref": "#/definitions/count"
        },
        "failed": {
          "$ref": "#/definitions/count"
        },
        "durationSeconds": {
          "$ref": "#/definitions/seconds",
          "description": "Their total run time."
        },
        "maxDurationSeconds": {
          "$ref": "#/definitions/seconds",
          "description": "The longest one (against quotas.maxExecutionTime)."
        }
      },
      "additionalProperties": false
    },
    "storage": {
      "type": "object",
      "description": "Storage at the end of the day, in bytes.",
      "properties": {
        "dataBytes": {
          "$ref": "#/definitions/count",
          "description": "Workflow data (against quotas.storage; billed per GiB-month)."
        },
        "archiveBytes": {
          "$ref": "#/definitions/count",
          "description": "Archive (against quotas.archiveStorage)."
        }
      },
      "additionalProperties": false
    },
    "compute": {
      "type": "object",
      "description": "Compute used by executions.",
      "properties": {
        "cpuUnitSeconds": {
          "$ref": "#/definitions/seconds",
          "description": "CPU time, in unit-seconds (1 unit = 1 vCPU)."
        },
        "peakCpuUnits": {
          "$ref": "#/definitions/count",
          "description": "Most CPU units in use at once (against quotas.cpuUnits)."
        },
        "peakMemoryBytes": {
          "$ref": "#/definitions/count",
          "description": "Most memory in use at once (against quotas.memory)."
        }
      },
      "additionalProperties": false
    },
    "api": {
      "type": "object",
      "description": "API calls.",
      "properties": {
        "calls": {
          "$ref": "#/definitions/count",
          "description": "All of them (billed per thousand)."
        },
        "peakPerMinute": {
          "$ref": "#/definitions/count",
          "description": "The busiest minute (against quotas.apiRate.perMinute)."
        }
      },
      "additionalProperties": false
    }
  },
  "additionalProperties": false,
  "definitions": {
    "count": {
      "type": "integer",
      "minimum": 0,
      "maximum": 9007199254740991
    },
    "seconds": {
      "type": "number",
      "minimum": 0,
      "maximum": 9007199254740991
    }
  }
}
"""#),
        ("workspace.schema.json", #"""
{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "Tenancy Workspace",
  "allOf": [
    {
      "$ref": "tenancy.schema.json#/definitions/Workspace"
    }
  ]
}
"""#),
    ]
}

/* vodup-choice.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "vodup-choice.h"
#include "vodup-enums.h"

struct _VodupChoice
{
  GObject          parent_instance;
  VodupChoiceKind  kind;
  char            *id;
  char            *name;
  char            *description;
  gboolean         is_default;
};

G_DEFINE_FINAL_TYPE (VodupChoice, vodup_choice, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_ID,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_IS_DEFAULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vodup_choice_finalize (GObject *object)
{
  VodupChoice *self = VODUP_CHOICE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (vodup_choice_parent_class)->finalize (object);
}

static void
vodup_choice_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  VodupChoice *self = VODUP_CHOICE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_IS_DEFAULT:
      g_value_set_boolean (value, self->is_default);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_choice_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  VodupChoice *self = VODUP_CHOICE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;
    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;
    case PROP_DESCRIPTION:
      self->description = g_value_dup_string (value);
      break;
    case PROP_IS_DEFAULT:
      self->is_default = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_choice_class_init (VodupChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vodup_choice_finalize;
  object_class->get_property = vodup_choice_get_property;
  object_class->set_property = vodup_choice_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       VODUP_TYPE_CHOICE_KIND, VODUP_CHOICE_KIND_PROCEDURE, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_IS_DEFAULT] = g_param_spec_boolean ("is-default", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vodup_choice_init (VodupChoice *self)
{
}

VodupChoice *
vodup_choice_new (VodupChoiceKind  kind,
                  const char      *id,
                  const char      *name,
                  const char      *description,
                  gboolean         is_default)
{
  g_return_val_if_fail (id != NULL, NULL);

  return g_object_new (VODUP_TYPE_CHOICE,
                       "kind", kind,
                       "id", id,
                       "name", name ? name : id,
                       "description", description,
                       "is-default", is_default,
                       NULL);
}

VodupChoiceKind
vodup_choice_get_kind (VodupChoice *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE (self), VODUP_CHOICE_KIND_PROCEDURE);

  return self->kind;
}

const char *
vodup_choice_get_id (VodupChoice *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE (self), NULL);

  return self->id;
}

const char *
vodup_choice_get_name (VodupChoice *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE (self), NULL);

  return self->name;
}

const char *
vodup_choice_get_description (VodupChoice *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE (self), NULL);

  return self->description;
}

gboolean
vodup_choice_get_is_default (VodupChoice *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE (self), FALSE);

  return self->is_default;
}

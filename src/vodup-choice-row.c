/* vodup-choice-row.c
 *
 * Copyright 2026 The Vodup Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "vodup-choice-row.h"

struct _VodupChoiceRow
{
  AdwComboRow      parent_instance;

  VodupChoiceKind  kind;
  GListStore      *store;
  GtkWidget       *spinner;

  VodupVodClient  *client;
  guint64          sub_app_id;
  GCancellable    *cancellable;
  GError          *error;

  /* What was chosen, by the user or from settings; "" is the first entry. */
  char            *wanted_id;
  guint            has_client : 1;
  guint            loaded : 1;
  guint            loading : 1;
  /* Set while the program, not the user, changes the selection. */
  guint            updating : 1;
};

G_DEFINE_FINAL_TYPE (VodupChoiceRow, vodup_choice_row, ADW_TYPE_COMBO_ROW)

enum {
  PROP_0,
  PROP_KIND,
  PROP_LOADING,
  PROP_ERROR_MESSAGE,
  PROP_SELECTED_ID,
  N_PROPS
};

enum {
  USER_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
fallback_name (VodupChoiceKind kind)
{
  switch (kind)
    {
    case VODUP_CHOICE_KIND_REGION:
      return _("Nearest (automatic)");
    case VODUP_CHOICE_KIND_SUB_APP:
      return _("Default application");
    case VODUP_CHOICE_KIND_PROCEDURE:
    case VODUP_CHOICE_KIND_CLASS:
    default:
      return _("None");
    }
}

/* Stands in for a remembered choice until the list says what it is called. */
static VodupChoice *
placeholder_new (VodupChoiceKind  kind,
                 const char      *id)
{
  g_autofree char *name = NULL;

  if (kind == VODUP_CHOICE_KIND_CLASS)
    /* Translators: %s is a numeric category ID. */
    name = g_strdup_printf (_("Category %s"), id);
  else if (kind == VODUP_CHOICE_KIND_SUB_APP)
    /* Translators: %s is a numeric VOD application ID (SubAppId). */
    name = g_strdup_printf (_("Application %s"), id);
  else
    name = g_strdup (id);

  return vodup_choice_new (kind, id, name, NULL, FALSE);
}

static VodupChoice *
find_choice (GListModel *model,
             const char *id,
             guint      *position)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VodupChoice) choice = g_list_model_get_item (model, i);

      if (g_strcmp0 (vodup_choice_get_id (choice), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return g_steal_pointer (&choice);
        }
    }

  return NULL;
}

static void
select_wanted (VodupChoiceRow *self)
{
  guint position = 0;
  g_autoptr(VodupChoice) found = find_choice (G_LIST_MODEL (self->store), self->wanted_id, &position);

  self->updating = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), found ? position : 0);
  self->updating = FALSE;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
}

/* items NULL: not loaded; keep showing the wanted entry as it is known. */
static void
set_items (VodupChoiceRow *self,
           GListModel     *items)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(VodupChoice) known = NULL;
  guint n = items ? g_list_model_get_n_items (items) : 0;

  g_ptr_array_add (all, vodup_choice_new (self->kind, "", fallback_name (self->kind), NULL, FALSE));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (all, g_list_model_get_item (items, i));

  if (items == NULL && *self->wanted_id != '\0')
    {
      known = find_choice (G_LIST_MODEL (self->store), self->wanted_id, NULL);
      g_ptr_array_add (all, known ? g_steal_pointer (&known) : placeholder_new (self->kind, self->wanted_id));
    }

  self->updating = TRUE;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       all->pdata, all->len);
  self->updating = FALSE;

  /* AdwComboRow makes itself sensitive whenever the model has items. */
  gtk_widget_set_sensitive (GTK_WIDGET (self), self->has_client);

  select_wanted (self);
}

static void
set_loading (VodupChoiceRow *self,
             gboolean        loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  gtk_widget_set_visible (self->spinner, loading);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (VodupChoiceRow *self,
           GError         *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(VodupChoiceRow) self = user_data;
  g_autoptr(GListModel) items = NULL;
  GError *error = NULL;

  items = vodup_vod_client_list_choices_finish (VODUP_VOD_CLIENT (object), result, &error);

  /* A newer load (or dispose) took over; it owns the state now. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }

  g_clear_object (&self->cancellable);
  self->loaded = items != NULL;
  set_items (self, items);
  set_error (self, error);
  set_loading (self, FALSE);
}

void
vodup_choice_row_load (VodupChoiceRow *self,
                       VodupVodClient *client,
                       guint64         sub_app_id)
{
  g_return_if_fail (VODUP_IS_CHOICE_ROW (self));
  g_return_if_fail (!client || VODUP_IS_VOD_CLIENT (client));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  g_set_object (&self->client, client);
  self->sub_app_id = sub_app_id;
  self->has_client = client != NULL;
  self->loaded = FALSE;
  set_items (self, NULL);
  set_error (self, NULL);

  if (client == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  set_loading (self, TRUE);
  self->cancellable = g_cancellable_new ();
  vodup_vod_client_list_choices_async (client, self->kind, sub_app_id, self->cancellable,
                                       list_cb, g_object_ref (self));
}

void
vodup_choice_row_reload (VodupChoiceRow *self)
{
  g_return_if_fail (VODUP_IS_CHOICE_ROW (self));

  vodup_choice_row_load (self, self->client, self->sub_app_id);
}

gboolean
vodup_choice_row_get_loading (VodupChoiceRow *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE_ROW (self), FALSE);

  return self->loading;
}

const GError *
vodup_choice_row_get_error (VodupChoiceRow *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE_ROW (self), NULL);

  return self->error;
}

VodupChoiceKind
vodup_choice_row_get_kind (VodupChoiceRow *self)
{
  g_return_val_if_fail (VODUP_IS_CHOICE_ROW (self), VODUP_CHOICE_KIND_PROCEDURE);

  return self->kind;
}

const char *
vodup_choice_row_get_selected_id (VodupChoiceRow *self)
{
  VodupChoice *choice;

  g_return_val_if_fail (VODUP_IS_CHOICE_ROW (self), "");

  choice = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self));

  return choice ? vodup_choice_get_id (choice) : "";
}

void
vodup_choice_row_set_selected_id (VodupChoiceRow *self,
                                  const char     *id)
{
  g_return_if_fail (VODUP_IS_CHOICE_ROW (self));

  g_free (self->wanted_id);
  self->wanted_id = g_strdup (id ? id : "");

  /* Until the list is in, show the remembered entry as it is. */
  if (!self->loaded)
    set_items (self, NULL);
  else
    select_wanted (self);
}

static void
selected_cb (VodupChoiceRow *self)
{
  if (self->updating)
    return;

  g_free (self->wanted_id);
  self->wanted_id = g_strdup (vodup_choice_row_get_selected_id (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
  g_signal_emit (self, signals[USER_CHANGED], 0);
}

/* "重庆 · ap-chongqing · Default" under the name, in the drop-down list. */
static char *
choice_details (VodupChoice *choice)
{
  const char *parts[3] = { NULL, };
  guint n = 0;

  if (vodup_choice_get_description (choice) && *vodup_choice_get_description (choice))
    parts[n++] = vodup_choice_get_description (choice);
  if (vodup_choice_get_is_default (choice))
    parts[n++] = _("Default");

  return g_strjoinv (" · ", (char **) parts);
}

static void
list_item_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (details), 40);
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), details);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_item_set_child (item, box);
}

/* The check mark that AdwComboRow's own list factory draws. */
static void
update_check (VodupChoiceRow *self,
              GParamSpec     *pspec,
              GtkListItem    *item)
{
  GtkWidget *check = gtk_widget_get_last_child (gtk_list_item_get_child (item));
  gboolean selected = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self)) == gtk_list_item_get_item (item);

  gtk_widget_set_opacity (check, selected ? 1 : 0);
}

static void
list_item_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   VodupChoiceRow           *self)
{
  VodupChoice *choice = gtk_list_item_get_item (item);
  GtkWidget *labels = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *name = gtk_widget_get_first_child (labels);
  GtkWidget *details = gtk_widget_get_next_sibling (name);
  g_autofree char *text = choice_details (choice);

  gtk_label_set_text (GTK_LABEL (name), vodup_choice_get_name (choice));
  gtk_label_set_text (GTK_LABEL (details), text);
  gtk_widget_set_visible (details, *text != '\0');

  g_signal_connect (self, "notify::selected-item", G_CALLBACK (update_check), item);
  update_check (self, NULL, item);
}

static void
list_item_unbind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     VodupChoiceRow           *self)
{
  g_signal_handlers_disconnect_by_func (self, update_check, item);
}

static char *
choice_label (VodupChoice *choice,
              gpointer     user_data)
{
  const char *name = choice ? vodup_choice_get_name (choice) : NULL;

  if (name == NULL || *name == '\0')
    return g_strdup (choice ? vodup_choice_get_id (choice) : "");

  return g_strdup (name);
}

static void
setup_model (VodupChoiceRow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkExpression) expression = NULL;

  g_signal_connect (factory, "setup", G_CALLBACK (list_item_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (list_item_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (list_item_unbind_cb), self);
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (self), factory);

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (choice_label), NULL, NULL);
  adw_combo_row_set_expression (ADW_COMBO_ROW (self), expression);

  self->updating = TRUE;
  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (self->store));
  self->updating = FALSE;
}

static void
vodup_choice_row_constructed (GObject *object)
{
  VodupChoiceRow *self = (VodupChoiceRow *)object;

  G_OBJECT_CLASS (vodup_choice_row_parent_class)->constructed (object);

  self->store = g_list_store_new (VODUP_TYPE_CHOICE);
  setup_model (self);
  /* Insensitive: nothing to load from until a client is given. */
  set_items (self, NULL);

  g_signal_connect (self, "notify::selected", G_CALLBACK (selected_cb), NULL);
}

static void
vodup_choice_row_dispose (GObject *object)
{
  VodupChoiceRow *self = (VodupChoiceRow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (vodup_choice_row_parent_class)->dispose (object);
}

static void
vodup_choice_row_finalize (GObject *object)
{
  VodupChoiceRow *self = (VodupChoiceRow *)object;

  g_clear_object (&self->store);
  g_clear_error (&self->error);
  g_free (self->wanted_id);

  G_OBJECT_CLASS (vodup_choice_row_parent_class)->finalize (object);
}

static void
vodup_choice_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  VodupChoiceRow *self = VODUP_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error ? self->error->message : NULL);
      break;
    case PROP_SELECTED_ID:
      g_value_set_string (value, vodup_choice_row_get_selected_id (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_choice_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  VodupChoiceRow *self = VODUP_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_SELECTED_ID:
      vodup_choice_row_set_selected_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vodup_choice_row_class_init (VodupChoiceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = vodup_choice_row_constructed;
  object_class->dispose = vodup_choice_row_dispose;
  object_class->finalize = vodup_choice_row_finalize;
  object_class->get_property = vodup_choice_row_get_property;
  object_class->set_property = vodup_choice_row_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       VODUP_TYPE_CHOICE_KIND, VODUP_CHOICE_KIND_PROCEDURE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL, "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Only for choices the user made, so that restoring one is not saved back. */
  signals[USER_CHANGED] =
    g_signal_new ("user-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
vodup_choice_row_init (VodupChoiceRow *self)
{
  self->wanted_id = g_strdup ("");

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->spinner, _("Loading…"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->spinner);

  /* Names from the account may hold “&” or “<”. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
}

GtkWidget *
vodup_choice_row_new (VodupChoiceKind kind)
{
  return g_object_new (VODUP_TYPE_CHOICE_ROW, "kind", kind, NULL);
}
